/**
 * The dashboard's types (web/src/generated/graphql.ts) from the committed client schema and the
 * dashboard's queries, by @graphql-codegen/core with its two plugins. Not @graphql-codegen/cli:
 * its loaders pull in packages that need Node 22 (EBADENGINE on every install), and all it would
 * add here is reading two kinds of files. Run: npm run web:codegen (writes), or import
 * `generateClientTypes` (the drift test compares its output with the committed file).
 */
import fs from 'node:fs';
import path from 'node:path';
import { codegen } from '@graphql-codegen/core';
import * as typedDocumentNode from '@graphql-codegen/typed-document-node';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import { buildSchema, lexicographicSortSchema, parse, printSchema } from 'graphql';

const ROOT = path.join(__dirname, '..');

interface CodegenConfig {
  schema: string;
  documents: string;
  generates: Record<string, { plugins: string[]; config: Record<string, unknown> }>;
}

const PLUGINS = {
  'typescript-operations': typescriptOperations,
  'typed-document-node': typedDocumentNode,
} as const;

function isPlugin(name: string): name is keyof typeof PLUGINS {
  return name in PLUGINS;
}

/** What codegen makes now: the output file's path (relative to the root) and its content. */
export async function generateClientTypes(root = ROOT): Promise<{ filename: string; content: string }> {
  const config = JSON.parse(fs.readFileSync(path.join(root, 'web', 'codegen.json'), 'utf8')) as CodegenConfig;
  // Sorted, as the codegen CLI sorts it by default (enum members in name order).
  const schema = lexicographicSortSchema(
    buildSchema(fs.readFileSync(path.join(root, config.schema), 'utf8')),
  );
  // One glob form is used (a folder and `*.graphql`); say so rather than read the wrong files.
  const match = /^(.*)\/\*\.graphql$/.exec(config.documents);
  if (!match)
    throw new Error(`web/codegen.json: documents must be "<folder>/*.graphql", not ${config.documents}`);
  const folder = path.join(root, match[1]!);
  const documents = fs
    .readdirSync(folder)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => {
      const location = path.join(match[1]!, f);
      return { location, document: parse(fs.readFileSync(path.join(folder, f), 'utf8')) };
    });
  const entries = Object.entries(config.generates);
  if (entries.length !== 1) throw new Error('web/codegen.json: one output file expected');
  const [filename, output] = entries[0]!;
  const plugins = output.plugins.map((name) => {
    if (!isPlugin(name)) throw new Error(`web/codegen.json: unknown plugin ${name}`);
    return { [name]: {} };
  });
  const content = await codegen({
    filename,
    schema: parse(printSchema(schema)),
    schemaAst: schema,
    documents,
    plugins,
    pluginMap: PLUGINS,
    config: output.config,
  });
  return { filename, content };
}

if (require.main === module) {
  void generateClientTypes().then(({ filename, content }) => {
    fs.writeFileSync(path.join(ROOT, filename), content);
    console.log(`wrote ${filename}`);
  });
}
