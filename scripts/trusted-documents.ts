/**
 * `npm run trusted-documents`: writes trusted-documents.json, the operations the README, the
 * examples and GraphiQL send (src/server/trusted-documents.ts), for GONGKAI_TRUSTED_DOCUMENTS.
 * `-- --measure` prints what each one measures against the limits instead (README, "Limits").
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'graphql';
import { loadConfig } from '../src/config';
import { buildSubgraph, SUBGRAPH_NAMES } from '../src/server/subgraphs';
import { localGateway } from '../src/server/gateway';
import { measure } from '../src/server/limits';
import { knownDocuments, trustedDocumentList } from '../src/server/trusted-documents';

const root = path.resolve(__dirname, '..');

async function main(): Promise<void> {
  const documents = knownDocuments(root);
  if (!process.argv.includes('--measure')) {
    const file = path.join(root, 'trusted-documents.json');
    writeFileSync(file, `${JSON.stringify(trustedDocumentList(documents), null, 2)}\n`);
    console.log(`${documents.length} documents written to ${path.relative(process.cwd(), file)}`);
    return;
  }
  const config = loadConfig({});
  const subgraphs = await Promise.all(
    SUBGRAPH_NAMES.map(async (name) => ({ name, schema: await buildSubgraph(name) })),
  );
  // The gateway's API schema, what `npm start` validates and measures against.
  const gateway = localGateway(subgraphs);
  const { schema } = await gateway.load();
  for (const d of documents) {
    const figures = measure(config.maxPageSize, schema, parse(d.text), d.text, d.variables, undefined);
    console.log(JSON.stringify({ from: d.from, bytes: Buffer.byteLength(d.text), ...figures }));
  }
  await gateway.stop();
}

void main();
