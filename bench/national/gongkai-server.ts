/**
 * Gongkai's reports subgraph alone, as `gongkai serve --subgraph reports` runs it (same app,
 * schema and pool size): what the (a) and (b) pages read. See gongkai-child.ts for the protocol.
 * Args: <url> <schema> [cache].
 */
import { buildReportsSchema } from '../../src/server/subgraphs';
import { gongkaiChild } from './gongkai-child';

gongkaiChild(async () => ({ schema: await buildReportsSchema() }));
