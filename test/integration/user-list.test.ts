import { listUsers } from "~/features/accounts/user.server";
import { createUser } from "../factories";

test("staff find people by a part of their name in any case, or of their address", async () => {
  await createUser({ email: "hanna.lindqvist@iana-ifm.example", displayName: "Hanna Lindqvist" });
  await createUser({ email: "sam@dns-training.example", displayName: "Sam Whitaker" });
  const emails = async (q: string) => (await listUsers({ q })).users.map((u) => u.email);
  expect(await emails("lindqvist")).toEqual(["hanna.lindqvist@iana-ifm.example"]);
  expect(await emails("WHITAKER")).toEqual(["sam@dns-training.example"]);
  expect(await emails("DNS-Training")).toEqual(["sam@dns-training.example"]);
  expect(await emails("nobody")).toEqual([]);
});
