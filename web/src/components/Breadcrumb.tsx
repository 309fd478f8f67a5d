/** 全国 › 省 › 市 › 县: each level a link back up (the names come from an agency in the region). */
import { useQuery } from '../api/use-query';
import { RegionNamesDocument } from '../generated/graphql';
import { regionLevel } from '../state/filters';
import { type Route, withParams } from '../state/route';
import { Link } from './Link';

export function Breadcrumb({ route, region }: { route: Route; region: string }) {
  const { data } = useQuery(RegionNamesDocument, { divisionCode: region }, { skip: !region });
  const place = data?.agencies.nodes[0];
  const level = regionLevel(region);
  const crumbs: { code: string; name: string }[] = [{ code: '', name: '全国' }];
  if (level !== 'NATION')
    crumbs.push({ code: `${region.slice(0, 2)}0000`, name: place?.province ?? region.slice(0, 2) + '0000' });
  if (level === 'CITY' || level === 'COUNTY')
    crumbs.push({ code: `${region.slice(0, 4)}00`, name: place?.city ?? `${region.slice(0, 4)}00` });
  if (level === 'COUNTY') crumbs.push({ code: region, name: place?.county ?? region });
  return (
    <nav className="breadcrumb" aria-label="地区">
      <ol>
        {crumbs.map((c, i) => (
          <li key={c.code || 'nation'}>
            {i === crumbs.length - 1 ? (
              <span aria-current="location">{c.name}</span>
            ) : (
              <Link to={withParams(route, { region: c.code })}>{c.name}</Link>
            )}
          </li>
        ))}
      </ol>
    </nav>
  );
}
