/**
 * GraphiQL served from files in node_modules (graphiql's UMD build with React 18), so the
 * explorer works with no internet: Apollo's default landing page would load from a CDN.
 */
import path from 'node:path';
import express, { type Router } from 'express';
import { EXAMPLE_QUERY } from './example-query';

const ASSETS: Record<string, { pkg: string; file: string; type: string }> = {
  'react.js': { pkg: 'react', file: 'umd/react.production.min.js', type: 'text/javascript' },
  'react-dom.js': { pkg: 'react-dom', file: 'umd/react-dom.production.min.js', type: 'text/javascript' },
  'graphiql.js': { pkg: 'graphiql', file: 'dist/index.umd.js', type: 'text/javascript' },
  'graphiql.css': { pkg: 'graphiql', file: 'dist/style.css', type: 'text/css' },
};

function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

/** JSON that is safe inside a <script> element. */
const scriptJson = (value: unknown): string => JSON.stringify(value).replace(/</g, '\\u003c');

export function graphiqlHtml(endpoint: string, assetsPath: string, query = EXAMPLE_QUERY): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Gongkai 公开 — GraphiQL</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${assetsPath}/graphiql.css">
<style>html, body, #graphiql { height: 100%; margin: 0; }</style>
</head>
<body>
<div id="graphiql">Loading GraphiQL…</div>
<script src="${assetsPath}/react.js"></script>
<script src="${assetsPath}/react-dom.js"></script>
<script src="${assetsPath}/graphiql.js"></script>
<script>
  const fetcher = GraphiQL.createFetcher({ url: ${scriptJson(endpoint)} });
  ReactDOM.createRoot(document.getElementById('graphiql')).render(
    React.createElement(GraphiQL, { fetcher, defaultQuery: ${scriptJson(query)} }),
  );
</script>
</body>
</html>`;
}

/** Static assets of GraphiQL, cached by the browser (they change only with the package version). */
export function graphiqlAssets(): Router {
  const router = express.Router();
  for (const [name, asset] of Object.entries(ASSETS)) {
    const file = path.join(packageDir(asset.pkg), asset.file);
    router.get(`/${name}`, (_req, res) => {
      res.type(asset.type).sendFile(file, { maxAge: '1d' });
    });
  }
  return router;
}
