import { registerEnumType } from 'type-graphql';
import { type SourceKind } from '../../domain/report';

/**
 * What a report was read from, as a GraphQL enum and as the values of the Postgres enum
 * `source_kind` (the domain's SourceKind is a union of the same strings).
 */
export enum SourceKindCode {
  TEXT = 'text',
  HTML = 'html',
  PDF = 'pdf',
  DOCX = 'docx',
}

// Fails to compile when the domain's SourceKind and this enum drift apart.
const SAME_VALUES: Record<SourceKind, SourceKindCode> & Record<`${SourceKindCode}`, SourceKindCode> = {
  text: SourceKindCode.TEXT,
  html: SourceKindCode.HTML,
  pdf: SourceKindCode.PDF,
  docx: SourceKindCode.DOCX,
};
void SAME_VALUES;

registerEnumType(SourceKindCode, {
  name: 'SourceKind',
  description: 'What a report was read from',
  valuesConfig: {
    TEXT: { description: 'Plain text (or markdown)' },
    HTML: { description: 'An HTML page' },
    PDF: { description: 'A PDF file (the file is kept, so that a newer parser can read it again)' },
    DOCX: { description: 'A Word file (.docx; kept like a PDF)' },
  },
});
