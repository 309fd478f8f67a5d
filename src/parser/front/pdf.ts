// PLACEHOLDER — being written by the PDF front-end helper; replaced before commit.
import { ParseError } from '../../errors';
import type { Layout } from './layout';

export async function readPdf(_bytes: Uint8Array, source?: string): Promise<Layout> {
  throw new ParseError('PDF reading is not built yet', 1, 1, source);
}
