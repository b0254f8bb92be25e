/**
 * When the recorder starts: after the page has settled (`page-settled.ts`), so the first snapshot does not
 * pay for the page's own parsing and layout, and after rrweb's serializer has run on a made-up document
 * (`warm-serializer.ts`), so it does not pay for compiling rrweb either.
 */
import type { MaskingSettings } from "../../privacy/masking.ts";
import { pageSettled } from "./page-settled.ts";
import { warmSerializer } from "./warm-serializer.ts";

/** Resolves when the recorder may take its first snapshot, with these masking settings. */
export function readyToRecord(privacy: MaskingSettings): Promise<void> {
  return pageSettled().then(() => warmSerializer(privacy));
}
