/**
 * Script-tag entry of the `web-vitals` package → `dist/rerun.web-vitals.global.js`, injected by the recorder
 * only when the `webVitals` option is on. Its one side effect hands the functions to the recorder through a
 * global.
 */
import { onCLS, onFCP, onINP, onLCP, onTTFB } from "web-vitals";
import type { WebVitalsModule } from "../record/observers/web-vitals.ts";

const module: WebVitalsModule = { onCLS, onFCP, onINP, onLCP, onTTFB };
(globalThis as Record<string, unknown>).__rerunWebVitals = module;
