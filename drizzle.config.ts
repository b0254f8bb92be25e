// drizzle-kit reads this to generate SQL migrations from collector/storage/schema.ts:
//   npx drizzle-kit generate
// The collector applies them at start-up (collector/main.ts).
import { defineConfig } from "drizzle-kit";

export default defineConfig({
  dialect: "sqlite",
  schema: "./collector/storage/schema.ts",
  out: "./collector/storage/migrations",
});
