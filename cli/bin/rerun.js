#!/usr/bin/env node
import { runEntry } from "./entry.js";

await runEntry(new URL("../main.ts", import.meta.url), new URL("../../dist/cli/rerun.js", import.meta.url));
