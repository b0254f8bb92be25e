/**
 * The serializer the first full snapshot runs: rrweb's, sliced, with the fast path in front of it. One
 * instance serves the recording and the serializer's warm-up (`warm-serializer.ts`), so what the warm-up
 * compiles is exactly what the first snapshot then calls.
 */
import * as rrweb from "@rrweb/record";
import { createFastSerialize, type SerializerInternals } from "./fast-serialize.ts";
import type { SerializedNode } from "./serialized-node.ts";
import { createSliceSnapshot, type SerializerParts, type SliceDeps } from "./sliced-snapshot.ts";

const parts = rrweb as Partial<SerializerParts & SerializerInternals>;
const fast = createFastSerialize(parts);

/** rrweb's `sliceSnapshot` option for the recording; `undefined` in a build without the serializer edits. */
export const sliceFirstSnapshot = (deps: SliceDeps = {}) => createSliceSnapshot(parts, { ...deps, fast });

/**
 * Serializes `doc` as the first snapshot would, in this task; `undefined` in a build without the serializer
 * edits.
 */
export function serializeAtOnce(
  doc: Document,
  options: Record<string, unknown>,
): SerializedNode | null | undefined {
  const slice = sliceFirstSnapshot({ doc, budgetMs: Infinity });
  if (!slice) return undefined;
  let serialized: SerializedNode | null = null;
  slice(options, (node) => (serialized = node));
  return serialized;
}
