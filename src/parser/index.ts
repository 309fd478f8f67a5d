/**
 * The report parser (pure functions: no file system, no database): a report — PDF, Word, HTML,
 * markdown or text, as bytes or a string — to a NormalizedReport (docs/parsing.md).
 */
export { parseDocument, MAX_DOCUMENT_BYTES } from './document';
export { sniffDocument, type DocumentKind } from './sniff';
export { parseReport, PARSER_VERSION, MAX_INPUT_BYTES, type ParseOptions } from './parse';
export { toGoldenJson, type GoldenJson } from './parse-json';
export { readCell, type CellReading } from './cell';
export { htmlToText } from './html';
export { decodeInput } from './decode';
