// Lint: TypeScript, React, hooks and accessibility rules, plus the house's layering (see
// docs/architecture.md): infrastructure never reaches up into the features.
import js from "@eslint/js";
import jsxA11y from "eslint-plugin-jsx-a11y";
import react from "eslint-plugin-react";
import reactHooks from "eslint-plugin-react-hooks";
import globals from "globals";
import tseslint from "typescript-eslint";

const layer = (files, message, group) => ({ files, rules: { "no-restricted-imports": ["error", { patterns: [{ group, message }] }] } });

export default tseslint.config(
  { ignores: ["node_modules/", "build/", "public/build/", "app/generated/", "var/", ".cache/"] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ["**/*.{ts,tsx}"],
    plugins: { react, "react-hooks": reactHooks, "jsx-a11y": jsxA11y },
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    settings: { react: { version: "detect" } },
    rules: {
      ...react.configs.recommended.rules,
      ...react.configs["jsx-runtime"].rules,
      ...reactHooks.configs.recommended.rules,
      ...jsxA11y.configs.recommended.rules,
      "react/prop-types": "off",
      "react/no-unescaped-entities": "off",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none" }],
      "@typescript-eslint/no-explicit-any": "error",
      // Control characters are matched on purpose: they are stripped from input (headers, names).
      "no-control-regex": "off",
      // A timer declared before the callback that clears it and set after: not a constant.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      // A label that wraps its input (radio and checkbox choices) is associated by nesting.
      "jsx-a11y/label-has-associated-control": ["error", { assert: "either", depth: 3 }],
    },
  },
  {
    // Tests may use `any` for parsed responses and may be long stories of expectations.
    files: ["test/**/*.ts", "**/*.test.{ts,tsx}"],
    languageOptions: { globals: { ...globals.node } },
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  layer(["app/services/**"], "Infrastructure (app/services) must not know the features: pass what it needs in, or move the code into the feature.", [
    "~/features/*",
    "~/routes/*",
    "~/background/*",
  ]),
  layer(["app/models/**"], "The shared rules (app/models) are below the features: they must not import one.", ["~/features/*", "~/routes/*", "~/background/*"]),
  layer(["app/components/**", "app/features/**/*.tsx"], "Components have no data access and no zod (the browser would download it).", [
    "~/services/db.server",
    "zod",
  ]),
  layer(["app/routes/**"], "Route modules define no schemas: put them in the feature's validation module (a top-level schema would ship zod to the browser).", [
    "zod",
  ]),
);
