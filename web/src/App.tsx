/** The dashboard: a header with the four views, the view the URL names below it. */
import { Nav } from './components/Nav';
import { useRoute, type View } from './state/route';
import { AgencyView } from './views/agency/AgencyView';
import { QualityView } from './views/quality/QualityView';
import { RankingsView } from './views/rankings/RankingsView';
import { RefusalsView } from './views/refusals/RefusalsView';
import { type Route } from './state/route';

const VIEWS: Record<View, (props: { route: Route }) => React.JSX.Element> = {
  refusals: RefusalsView,
  agency: AgencyView,
  quality: QualityView,
  rankings: RankingsView,
};

export function App() {
  const route = useRoute();
  const Current = VIEWS[route.view];
  return (
    <>
      <header className="header">
        <a className="brand" href="/">
          公开 · 政府信息公开年度报告数据看板
        </a>
        <Nav route={route} />
        <a className="graphiql" href="/graphql">
          GraphQL 接口
        </a>
      </header>
      <main>
        <Current route={route} />
      </main>
    </>
  );
}
