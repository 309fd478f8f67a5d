/**
 * What kind of document some bytes are, by content (a file name's extension is only a hint: crawlers
 * save PDFs as .html and pages as .pdf). PDF: `%PDF-` within the first KiB (the spec allows junk
 * before it). DOCX: a zip whose entries include word/document.xml. Anything else is text (plain,
 * markdown or HTML: the text path tells those apart itself).
 */
export type DocumentKind = 'pdf' | 'docx' | 'text';

const PDF_MAGIC = Buffer.from('%PDF-', 'latin1');
const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
const DOCX_ENTRY = Buffer.from('word/document.xml', 'latin1');
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

export function sniffDocument(input: string | Uint8Array): DocumentKind {
  if (typeof input === 'string') return input.slice(0, 1024).includes('%PDF-') ? 'pdf' : 'text';
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  if (bytes.subarray(0, 1024).includes(PDF_MAGIC)) return 'pdf';
  if (bytes.subarray(0, 4).equals(ZIP_MAGIC) && bytes.includes(DOCX_ENTRY)) return 'docx';
  return 'text';
}

/**
 * A zip or an old Office binary (OLE) file: an .xlsx, a .zip, a .doc or .xls. Not text, yet no
 * Word document (sniffDocument calls it text, so a folder's walk passes over it); parseDocument
 * sends it to the DOCX front end, which says what it is.
 */
export function isOfficeContainer(input: Uint8Array): boolean {
  const bytes = Buffer.from(input.buffer, input.byteOffset, input.byteLength);
  return bytes.subarray(0, 4).equals(ZIP_MAGIC) || bytes.subarray(0, 8).equals(OLE_MAGIC);
}
