/** The four views; each link keeps the shared settings (region, level, kind, years, switch). */
import { href, navigate, type Route, type View } from '../state/route';
import { Link } from './Link';

const TITLES: Record<View, string> = {
  refusals: '不予公开理由',
  agency: '机关报告',
  quality: '覆盖与质量',
  rankings: '排名与比率',
};
const SHARED = ['region', 'level', 'kind', 'from', 'to', 'clean'];

export function Nav({ route }: { route: Route }) {
  const shared = Object.fromEntries(SHARED.map((k) => [k, route.params.get(k)]));
  return (
    <nav className="nav" aria-label="视图">
      {(Object.keys(TITLES) as View[]).map((view) => (
        <Link key={view} to={href(view, shared)} current={route.view === view} onNavigate={navigate}>
          {TITLES[view]}
        </Link>
      ))}
    </nav>
  );
}
