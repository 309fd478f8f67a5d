// PLACEHOLDER — being written by the DOCX front-end helper; replaced before commit.
import { ParseError } from '../../errors';

export async function readDocx(_bytes: Uint8Array, source?: string): Promise<string> {
  throw new ParseError('DOCX reading is not built yet', 1, 1, source);
}
