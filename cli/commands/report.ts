import { defineCommand } from "citty";

export default defineCommand({
  meta: { name: "report", description: "Static friction-report site" },
  subCommands: {
    build: () => import("./report-build.ts").then((m) => m.default),
  },
});
