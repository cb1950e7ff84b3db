// Every catalogue of the app, one per feature, each a JSON file per language beside the feature's
// code (docs/decisions/038-i18n-six-languages.md). Adding a feature's catalogue: its six files,
// a line here and a line in message-id.ts (a test checks both lists against the folders).
import shellAr from "~/components/messages/ar.json";
import shellEn from "~/components/messages/en.json";
import shellEs from "~/components/messages/es.json";
import shellFr from "~/components/messages/fr.json";
import shellRu from "~/components/messages/ru.json";
import shellZh from "~/components/messages/zh.json";
import accountsAr from "~/features/accounts/messages/ar.json";
import accountsEn from "~/features/accounts/messages/en.json";
import accountsEs from "~/features/accounts/messages/es.json";
import accountsFr from "~/features/accounts/messages/fr.json";
import accountsRu from "~/features/accounts/messages/ru.json";
import accountsZh from "~/features/accounts/messages/zh.json";
import adminAr from "~/features/admin/messages/ar.json";
import adminEn from "~/features/admin/messages/en.json";
import adminEs from "~/features/admin/messages/es.json";
import adminFr from "~/features/admin/messages/fr.json";
import adminRu from "~/features/admin/messages/ru.json";
import adminZh from "~/features/admin/messages/zh.json";
import commentsAr from "~/features/comments/messages/ar.json";
import commentsEn from "~/features/comments/messages/en.json";
import commentsEs from "~/features/comments/messages/es.json";
import commentsFr from "~/features/comments/messages/fr.json";
import commentsRu from "~/features/comments/messages/ru.json";
import commentsZh from "~/features/comments/messages/zh.json";
import consultationsAr from "~/features/consultations/messages/ar.json";
import consultationsEn from "~/features/consultations/messages/en.json";
import consultationsEs from "~/features/consultations/messages/es.json";
import consultationsFr from "~/features/consultations/messages/fr.json";
import consultationsRu from "~/features/consultations/messages/ru.json";
import consultationsZh from "~/features/consultations/messages/zh.json";
import dugAr from "~/features/dug/messages/ar.json";
import dugEn from "~/features/dug/messages/en.json";
import dugEs from "~/features/dug/messages/es.json";
import dugFr from "~/features/dug/messages/fr.json";
import dugRu from "~/features/dug/messages/ru.json";
import dugZh from "~/features/dug/messages/zh.json";
import emailAr from "~/features/email/messages/ar.json";
import emailEn from "~/features/email/messages/en.json";
import emailEs from "~/features/email/messages/es.json";
import emailFr from "~/features/email/messages/fr.json";
import emailRu from "~/features/email/messages/ru.json";
import emailZh from "~/features/email/messages/zh.json";
import followingAr from "~/features/following/messages/ar.json";
import followingEn from "~/features/following/messages/en.json";
import followingEs from "~/features/following/messages/es.json";
import followingFr from "~/features/following/messages/fr.json";
import followingRu from "~/features/following/messages/ru.json";
import followingZh from "~/features/following/messages/zh.json";
import statementAr from "~/features/statement/messages/ar.json";
import statementEn from "~/features/statement/messages/en.json";
import statementEs from "~/features/statement/messages/es.json";
import statementFr from "~/features/statement/messages/fr.json";
import statementRu from "~/features/statement/messages/ru.json";
import statementZh from "~/features/statement/messages/zh.json";
import translationsAr from "~/features/translations/messages/ar.json";
import translationsEn from "~/features/translations/messages/en.json";
import translationsEs from "~/features/translations/messages/es.json";
import translationsFr from "~/features/translations/messages/fr.json";
import translationsRu from "~/features/translations/messages/ru.json";
import translationsZh from "~/features/translations/messages/zh.json";

export const CATALOGUES = {
  "app/components/messages": { ar: shellAr, en: shellEn, es: shellEs, fr: shellFr, ru: shellRu, zh: shellZh },
  "app/features/comments/messages": { ar: commentsAr, en: commentsEn, es: commentsEs, fr: commentsFr, ru: commentsRu, zh: commentsZh },
  "app/features/consultations/messages": {
    ar: consultationsAr,
    en: consultationsEn,
    es: consultationsEs,
    fr: consultationsFr,
    ru: consultationsRu,
    zh: consultationsZh,
  },
  "app/features/translations/messages": {
    ar: translationsAr,
    en: translationsEn,
    es: translationsEs,
    fr: translationsFr,
    ru: translationsRu,
    zh: translationsZh,
  },
  "app/features/email/messages": { ar: emailAr, en: emailEn, es: emailEs, fr: emailFr, ru: emailRu, zh: emailZh },
  "app/features/admin/messages": { ar: adminAr, en: adminEn, es: adminEs, fr: adminFr, ru: adminRu, zh: adminZh },
  "app/features/following/messages": {
    ar: followingAr,
    en: followingEn,
    es: followingEs,
    fr: followingFr,
    ru: followingRu,
    zh: followingZh,
  },
  "app/features/accounts/messages": { ar: accountsAr, en: accountsEn, es: accountsEs, fr: accountsFr, ru: accountsRu, zh: accountsZh },
  "app/features/dug/messages": { ar: dugAr, en: dugEn, es: dugEs, fr: dugFr, ru: dugRu, zh: dugZh },
  "app/features/statement/messages": { ar: statementAr, en: statementEn, es: statementEs, fr: statementFr, ru: statementRu, zh: statementZh },
};
