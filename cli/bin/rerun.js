#!/usr/bin/env node
// The CLI is TypeScript; tsx runs it straight from a source checkout or an installed package, no build step.
import { register } from "tsx/esm/api";

register();
await import("../main.ts");
