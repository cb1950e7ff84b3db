import { useT } from "~/i18n/t";
import { AFFECTED, BASES, CATEGORIES, type Affected, type Basis, type Category } from "./fields";

const isCategory = (value: string): value is Category => (CATEGORIES as readonly string[]).includes(value);
const isAffected = (value: string): value is Affected => (AFFECTED as readonly string[]).includes(value);
const isBasis = (value: string): value is Basis => (BASES as readonly string[]).includes(value);

/** The labels of a consultation's category, who it affects and its basis, in the page's language (a value we do not know is shown as it is). */
export function useFieldLabels() {
  const t = useT();
  return {
    category: (value: string) => (isCategory(value) ? t(`consultations.category.${value}`) : value),
    affected: (value: string) => (isAffected(value) ? t(`consultations.affected.${value}`) : value),
    basis: (value: string) => (isBasis(value) ? t(`consultation.basis.${value}`) : value),
  };
}
