/** The report parser (pure functions: no file system, no database): text or HTML, string or bytes, to a NormalizedReport. */
export { parseReport, PARSER_VERSION, MAX_INPUT_BYTES, type ParseOptions } from './parse';
export { toGoldenJson, type GoldenJson } from './parse-json';
export { readCell, type CellReading } from './cell';
export { htmlToText } from './html';
export { decodeInput } from './decode';
