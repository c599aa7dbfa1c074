// Types for the parts of untyped npm libraries the log reader uses.

declare module 'lz4js' {
  /** Decodes one raw LZ4 block of `src[sIndex, sIndex + sLength)` into `dst` from `dIndex`; returns the end index in `dst`. */
  export function decompressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    dIndex: number,
  ): number;
  /** Encodes `src[sIndex, sIndex + sLength)` as one raw LZ4 block into `dst`; returns its length (0: incompressible). */
  export function compressBlock(
    src: Uint8Array,
    dst: Uint8Array,
    sIndex: number,
    sLength: number,
    hashTable: Uint32Array,
  ): number;
  export function compressBound(n: number): number;
}

declare module 'lz4js/xxh32.js' {
  /** XXH32 of `src[index, index + length)`, unsigned. */
  export function hash(seed: number, src: Uint8Array, index: number, length: number): number;
}

declare module 'snappyjs' {
  export function uncompress(compressed: Uint8Array, maxLength?: number): Uint8Array;
  export function compress(uncompressed: Uint8Array): Uint8Array;
}
