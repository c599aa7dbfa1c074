/**
 * The file systems behind `sc.textFile` and `saveAsTextFile`, Hadoop's globs,
 * splits and line reading.
 *
 * @module
 */

export { globToRegExp, hasWildcard, matchGlob, normalizePath, splitPathList, unescapeGlob } from './glob';
export {
  HttpFileSystem,
  InvalidInputException,
  MemoryFileSystem,
  resolveGlob,
  resolveGlobIn,
  type FileEntry,
  type FileSystem,
  type HttpFileSystemOptions,
} from './file-system';
export { LOCAL_FS_BLOCK_SIZE, computeSplits, type FileSplit, type SplitOptions } from './splits';
export { encodeTextPart, formatTextRecord, partFileName, readSplitLines } from './line-reader';
