/**
 * parseDocument: any report file — PDF, Word (.docx), HTML, markdown or plain text, told apart by
 * content — to a NormalizedReport. PDF and DOCX front ends are asynchronous (pdfjs, mammoth); text
 * and HTML go straight to parseReport.
 */
import type { NormalizedReport } from '../domain/report';
import { InputTooLargeError } from '../errors';
import { readDocx } from './front/docx';
import { layoutText } from './front/layout';
import { readPdf } from './front/pdf';
import { MAX_INPUT_BYTES, parseReport, parseSourceText, type ParseOptions } from './parse';
import { isOfficeContainer, sniffDocument } from './sniff';

/** Largest PDF or Word file accepted: embedded fonts and images make them far larger than their text. */
export const MAX_DOCUMENT_BYTES = 64 * 1024 * 1024;

export async function parseDocument(
  input: string | Uint8Array,
  options: ParseOptions = {},
): Promise<NormalizedReport> {
  const sniffed = sniffDocument(input);
  // a zip or OLE file that is no Word document goes to the DOCX front end, which says what it is
  const kind = sniffed === 'text' && typeof input !== 'string' && isOfficeContainer(input) ? 'docx' : sniffed;
  if (kind === 'text' || typeof input === 'string') return parseReport(input, options);
  if (input.byteLength > MAX_DOCUMENT_BYTES) {
    throw new InputTooLargeError(`${kind} file`, input.byteLength, MAX_DOCUMENT_BYTES);
  }
  if (kind === 'pdf') {
    const { text, boxes } = layoutText(await readPdf(input, options.fileName));
    if (Buffer.byteLength(text) > MAX_INPUT_BYTES) {
      throw new InputTooLargeError('text of the PDF', Buffer.byteLength(text), MAX_INPUT_BYTES);
    }
    return parseSourceText(text, { ...options, sourceKind: 'pdf', boxes });
  }
  const html = await readDocx(input, options.fileName);
  const report = parseReport(html, { ...options, contentType: 'text/html; charset=utf-8' });
  report.sourceKind = 'docx';
  return report;
}
