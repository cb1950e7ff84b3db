import { notFound } from "~/services/http.server";

// Any URL no other route matches: the shared 404 page, with a real 404 status.
export async function loader() {
  notFound();
}

export async function action() {
  notFound();
}

export default function NotFound() {
  return null;
}
