import path from "node:path";
import { configDefaults, defineConfig } from "vitest/config";

// TEST_DATABASE=postgres runs the suite on a private PostgreSQL server (test/global-setup.ts).
// What only SQLite has (its file, its locks, its data_version) is tested in *.sqlite.test.ts files,
// which that run leaves out, as it does the tests that start a PostgreSQL server of their own.
const onPostgres = process.env.TEST_DATABASE === "postgres";
const exclude = [
  ...configDefaults.exclude,
  ...(onPostgres ? ["**/*.sqlite.test.ts", "test/integration/*postgres*.test.ts", "test/integration/sql-layer.test.ts"] : []),
];

export default defineConfig({
  resolve: { alias: { "~": path.resolve(import.meta.dirname, "app") } },
  test: {
    globals: true,
    // `npm test -- --coverage` (CI does): what the unit and integration tests run of the app.
    coverage: {
      provider: "v8",
      include: ["app/**/*.{ts,tsx}", "emails/**/*.ts"],
      exclude: ["app/generated/**", "**/*.test.{ts,tsx}"],
      reporter: ["text-summary", "json-summary"],
      reportsDirectory: "var/coverage",
    },
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["app/**/*.test.{ts,tsx}", "emails/**/*.test.ts", "test/integration/**/*.test.ts"],
          exclude,
          globalSetup: ["test/global-setup.ts"],
          setupFiles: ["test/setup-db.ts"],
          testTimeout: 20_000,
        },
      },
      {
        extends: true,
        test: {
          name: "e2e",
          include: ["test/e2e/**/*.test.ts"],
          exclude,
          globalSetup: ["test/global-setup.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // One browser and one server at a time: the machine has two cores.
          fileParallelism: false,
        },
      },
    ],
  },
});
