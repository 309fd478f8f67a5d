/**
 * Gongkai as `npm start` (`gongkai serve`) runs it: the reports and analytics subgraphs composed
 * in this process (localGateway), operations one subgraph answers alone executed on it directly.
 * With "old", every operation goes through @apollo/gateway's execution (the gateway before issue
 * 15). See gongkai-child.ts for the protocol. Args: <url> <schema> [cache|off] [old].
 */
import { buildSubgraph, SUBGRAPH_NAMES } from '../../src/server/subgraphs';
import { localGateway } from '../../src/server/gateway';
import { gongkaiChild } from './gongkai-child';

// As src/cli/commands/serve.ts builds it: every subgraph, composed in process.
gongkaiChild(async () => {
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  return { gateway: localGateway(subgraphs, { direct: process.argv[5] !== 'old' }) };
});
