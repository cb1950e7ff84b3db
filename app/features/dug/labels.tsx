import { useT } from "~/i18n/t";
import { isPosition } from "./rule";

/** A position's label in the page's language (an unknown stored value as it is). */
export function usePositionLabel(): (p: string) => string {
  const t = useT();
  return (p) => (isPosition(p) ? t(`dug.position.${p}`) : p);
}
