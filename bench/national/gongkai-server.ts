/**
 * One of Gongkai's subgraphs alone, as `gongkai serve --subgraph reports|analytics` runs it (same
 * app, schema and pool size): by default the reports subgraph, which the (a) and (b) pages read.
 * See gongkai-child.ts for the protocol. Args: <url> <schema> [cache|off] [reports|analytics].
 */
import { buildSubgraph, type SubgraphName } from '../../src/server/subgraphs';
import { gongkaiChild } from './gongkai-child';

gongkaiChild(async () => ({ schema: await buildSubgraph((process.argv[5] ?? 'reports') as SubgraphName) }));
