/**
 * The prose of a report: the opening, section one's subsections, section five's problems and
 * measures, section six. Wording varies the way real reports vary; the numbers quoted agree with
 * the tables. Prose never looks like a heading or a table row (no line starts with 一、…六、 or
 * ends in a bare number), so it cannot change how the tables are read.
 */
import { RowCode } from '../domain/codes';
import type { Agency } from './agencies';
import type { Rng } from './prng';
import type { ReportValues } from './values';

export interface Prose {
  /** Opening paragraph(s) before section one. */
  opening: string[];
  /** Section one's paragraphs (subsection headings are paragraphs too). */
  overview: string[];
  /** Section five. */
  problems: string[];
  /** Section six: a short paragraph (无, or the fees charged). */
  other: string[];
}

const WE: Readonly<Record<string, string>> = {
  government: '我区',
  department: '我局',
  developmentZone: '我区',
  township: '我镇',
  other: '我单位',
};

function total(values: ReportValues, row: RowCode): number {
  return values.applications.get(row)?.[6] ?? 0;
}

export function writeProse(rng: Rng, agency: Agency, year: number, values: ReportValues): Prose {
  const we =
    agency.kind === 'government' && agency.level !== 'county' ? '我市' : (WE[agency.kind] ?? '我单位');
  const published = 20 + Math.round(agency.size * 15 * rng.logNormal(0.6));
  const received = total(values, RowCode.NEW_RECEIVED);
  const carried = total(values, RowCode.CARRIED_OVER);
  const processed = total(values, RowCode.TOTAL_PROCESSED);
  const forward = total(values, RowCode.CARRIED_FORWARD);
  const opening = [
    rng.pick([
      `根据《中华人民共和国政府信息公开条例》(以下简称《条例》)规定,编制本报告。本报告所列数据的统计期限自${year}年1月1日起至${year}年12月31日止。`,
      `本报告根据《中华人民共和国政府信息公开条例》和国务院办公厅政府信息与政务公开办公室有关要求编制,报告所列数据统计期限为${year}年1月1日至${year}年12月31日。如对本报告有疑问,请与${agency.nameInText}办公室联系。`,
    ]),
  ];
  const overview = [
    rng.pick([
      `${year}年,${we}坚持以人民为中心的发展思想,认真贯彻落实《条例》和上级政务公开工作部署,以公开促落实、促规范、促服务,政府信息公开工作取得新成效。`,
      `${year}年,${we}深入贯彻《条例》,紧紧围绕中心工作,坚持“以公开为常态,不公开为例外”,不断提升政务公开质量和实效。`,
    ]),
    `(一)主动公开情况。全年通过门户网站等平台主动公开政府信息${published}条,其中政策文件${Math.round(published * 0.1)}条,政策解读${Math.round(published * 0.05)}条,主动公开及时率100%。`,
    `(二)依申请公开情况。全年共收到政府信息公开申请${received}件,上年结转${carried}件,办结${processed}件,结转下年度继续办理${forward}件,均在法定期限内答复。`,
    rng.pick([
      '(三)政府信息管理情况。严格落实信息发布“三审三校”制度,加强公开前保密审查,定期清理过期失效信息,确保发布信息准确规范。',
      '(三)政府信息管理情况。规范公文公开属性源头认定,动态调整主动公开目录,做好行政规范性文件的集中公开和动态更新。',
    ]),
    '(四)平台建设情况。持续优化政府网站信息公开专栏,加强政务新媒体管理,拓展公开渠道,方便群众查阅获取政府信息。',
    '(五)监督保障情况。将政务公开纳入年度绩效考核,开展业务培训,自觉接受社会监督,全年未发生因政府信息公开被追责的情形。',
  ];
  const problems = [
    rng.pick([
      `${year}年,${we}政府信息公开工作虽取得一定成效,但仍存在一些不足:一是政策解读形式较为单一;二是基层政务公开标准化规范化水平有待提升;三是工作人员业务能力需进一步加强。`,
      '存在的主要问题:一是部分信息公开不够及时;二是公开内容的深度和广度有待拓展;三是依申请公开答复的规范性需要进一步提高。',
    ]),
    rng.pick([
      '下一步,将加强业务培训,丰富解读形式,规范依申请公开办理流程,持续提升政务公开工作质量。',
      '改进措施:一是强化组织领导和队伍建设;二是推进政策解读多样化;三是完善依申请公开工作机制,切实保障群众知情权。',
    ]),
  ];
  const other = [
    rng.weighted([
      ['无。', 3],
      [`${year}年度未收取信息处理费。`, 2],
      [`本年度${we}未向申请人收取信息处理费。`, 1],
    ] as const),
  ];
  return { opening, overview, problems, other };
}
