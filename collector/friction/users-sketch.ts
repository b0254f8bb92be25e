/**
 * Distinct users of an issue over any window, from per-day sketches. Sessions add up across days (a session
 * belongs to the day it started), users do not: the same person on Monday and Tuesday is one user. Each
 * daily rollup therefore keeps a sketch of its users' hashes, and a window's count merges the days' sketches.
 *
 * A sketch is exact while small: up to {@link SPARSE_MAX} distinct 32-bit hashes are kept as a sorted list
 * (a collision among 128 users has odds near one in a million). Past that it becomes a HyperLogLog of
 * 2^11 one-byte registers (2 KiB, standard error 1.04/√2048 ≈ 2.3 %), with linear counting for the low range
 * (Flajolet et al. 2007; Heule et al. 2013). Adding is idempotent, so adding a session's user again after a
 * re-analysis changes nothing; removing is impossible, so a removal marks the day stale and the sketch is
 * rebuilt from the finding rows (`friction-cells.ts`).
 */

/** Up to this many users a sketch is an exact list (512 bytes); past it, registers. */
export const SPARSE_MAX = 128;
const P = 11;
const M = 1 << P;
/** Registers keep the rank of the remaining 32 − P bits, so at most 22. */
const MAX_RANK = 32 - P + 1;
const ALPHA = 0.7213 / (1 + 1.079 / M);

export type UsersSketch = { kind: "sparse"; hashes: number[] } | { kind: "dense"; registers: Uint8Array };

/** FNV-1a over UTF-16 code units, then murmur3's finaliser so nearby keys spread over all 32 bits. */
export function hashUserKey(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function emptySketch(): UsersSketch {
  return { kind: "sparse", hashes: [] };
}

function toDense(hashes: readonly number[]): UsersSketch {
  const registers = new Uint8Array(M);
  for (const h of hashes) addToRegisters(registers, h);
  return { kind: "dense", registers };
}

function addToRegisters(registers: Uint8Array, hash: number): void {
  const index = hash >>> (32 - P);
  const rest = (hash << P) >>> 0;
  const rank = rest === 0 ? MAX_RANK : Math.clz32(rest) + 1;
  if (rank > registers[index]!) registers[index] = rank;
}

/** Adds hashes to `sketch` (which it may replace); answers the sketch to keep. */
export function addHashes(sketch: UsersSketch, hashes: readonly number[]): UsersSketch {
  if (sketch.kind === "dense") {
    for (const h of hashes) addToRegisters(sketch.registers, h >>> 0);
    return sketch;
  }
  const merged = [...new Set([...sketch.hashes, ...hashes.map((h) => h >>> 0)])].sort((a, b) => a - b);
  return merged.length > SPARSE_MAX ? toDense(merged) : { kind: "sparse", hashes: merged };
}

/** The union of two sketches. */
export function mergeSketches(a: UsersSketch, b: UsersSketch): UsersSketch {
  if (a.kind === "sparse") return addHashes(b.kind === "dense" ? copy(b) : b, a.hashes);
  if (b.kind === "sparse") return addHashes(copy(a), b.hashes);
  const registers = new Uint8Array(M);
  for (let i = 0; i < M; i++) registers[i] = Math.max(a.registers[i]!, b.registers[i]!);
  return { kind: "dense", registers };
}

function copy(sketch: UsersSketch & { kind: "dense" }): UsersSketch {
  return { kind: "dense", registers: sketch.registers.slice() };
}

/** How many distinct users the sketch holds: exact when sparse, an estimate (±2.3 %) when dense. */
export function estimateUsers(sketch: UsersSketch): number {
  if (sketch.kind === "sparse") return sketch.hashes.length;
  let sum = 0;
  let zeros = 0;
  for (let i = 0; i < M; i++) {
    const r = sketch.registers[i]!;
    sum += 2 ** -r;
    if (r === 0) zeros++;
  }
  const raw = (ALPHA * M * M) / sum;
  // Linear counting is the better estimator while many registers are still empty.
  if (raw <= 2.5 * M && zeros > 0) return Math.round(M * Math.log(M / zeros));
  return Math.round(raw);
}

/** Bytes for storage: tag 1 + 4 bytes per hash (sparse), tag 2 + registers (dense). */
export function encodeSketch(sketch: UsersSketch): Uint8Array {
  if (sketch.kind === "dense") {
    const out = new Uint8Array(1 + M);
    out[0] = 2;
    out.set(sketch.registers, 1);
    return out;
  }
  const out = new Uint8Array(1 + 4 * sketch.hashes.length);
  out[0] = 1;
  const view = new DataView(out.buffer);
  sketch.hashes.forEach((h, i) => view.setUint32(1 + 4 * i, h));
  return out;
}

/** Reads what {@link encodeSketch} wrote; anything else (null, damaged bytes) is an empty sketch. */
export function decodeSketch(bytes: Uint8Array | ArrayBuffer | null | undefined): UsersSketch {
  if (!bytes) return emptySketch();
  const data = bytes instanceof Uint8Array ? bytes : new Uint8Array(bytes);
  if (data[0] === 2 && data.length === 1 + M) return { kind: "dense", registers: data.slice(1) };
  if (data[0] === 1 && (data.length - 1) % 4 === 0) {
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const hashes: number[] = [];
    for (let i = 1; i < data.length; i += 4) hashes.push(view.getUint32(i));
    return hashes.length > SPARSE_MAX ? toDense(hashes) : { kind: "sparse", hashes };
  }
  return emptySketch();
}
