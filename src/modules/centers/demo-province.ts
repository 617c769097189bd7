import type { AuditActor } from '../../platform/audit/audit-trail.js';
import type { TWorkingHours } from '../../shared/api/centers.js';
import type { CentersService } from './centers.service.js';

/**
 * The reference deployment of the brief (seed 000): Jilin province's platform with remote seats in
 * nine cities. Area codes are the real ones; the province-direct unit (省直) shares 0431 with 长春,
 * so callers from 0431 are asked to choose. Working hours and departments are demo values that a
 * center's administrator maintains.
 */
const DEMO_HOURS: TWorkingHours = {
  periods: [
    { start: '08:30', end: '11:30' },
    { start: '13:00', end: '17:00' },
  ],
};

const CITIES = [
  { code: 'jl-shengzhi', name: '吉林省省直12333咨询服务分中心', shortName: '省直', prefix: '省直', areaCode: '0431' },
  { code: 'jl-changchun', name: '长春市12333咨询服务分中心', shortName: '长春', prefix: '长春市', areaCode: '0431' },
  { code: 'jl-jilin', name: '吉林市12333咨询服务分中心', shortName: '吉林', prefix: '吉林市', areaCode: '0432' },
  { code: 'jl-yanbian', name: '延边朝鲜族自治州12333咨询服务分中心', shortName: '延边', prefix: '延边州', areaCode: '0433' },
  { code: 'jl-siping', name: '四平市12333咨询服务分中心', shortName: '四平', prefix: '四平市', areaCode: '0434' },
  { code: 'jl-tonghua', name: '通化市12333咨询服务分中心', shortName: '通化', prefix: '通化市', areaCode: '0435' },
  { code: 'jl-baicheng', name: '白城市12333咨询服务分中心', shortName: '白城', prefix: '白城市', areaCode: '0436' },
  { code: 'jl-liaoyuan', name: '辽源市12333咨询服务分中心', shortName: '辽源', prefix: '辽源市', areaCode: '0437' },
  { code: 'jl-songyuan', name: '松原市12333咨询服务分中心', shortName: '松原', prefix: '松原市', areaCode: '0438' },
  { code: 'jl-baishan', name: '白山市12333咨询服务分中心', shortName: '白山', prefix: '白山市', areaCode: '0439' },
] as const;

const PROVINCE_DEPARTMENTS = [
  ['就业促进和失业保险处', '就业政策、失业保险金、稳岗返还'],
  ['养老保险处', '企业职工和城乡居民基本养老保险政策、退休审批'],
  ['工伤保险处', '工伤认定、劳动能力鉴定、工伤保险待遇'],
  ['劳动关系处', '劳动合同、工时、集体协商'],
  ['工资福利处', '最低工资、工资支付'],
  ['社会保险事业管理局', '参保登记、缴费基数、待遇核定、转移接续'],
  ['劳动保障监察总队', '欠薪、违法用工的举报投诉'],
  ['社会保障卡服务中心', '社保卡申领、补换、挂失、激活'],
] as const;

const CITY_DEPARTMENTS = [
  ['社会保险事业管理局', '参保登记、缴费、待遇核定、转移接续'],
  ['就业服务局', '就业登记、失业保险金、职业培训补贴'],
  ['劳动保障监察支队', '欠薪、违法用工的举报投诉'],
  ['劳动人事争议仲裁院', '劳动争议仲裁'],
  ['社会保障卡服务中心', '社保卡申领、补换、挂失、激活'],
] as const;

export async function seedDemoProvince(centers: CentersService, actor: AuditActor) {
  if ((await centers.all()).length > 0) return;
  const province = await centers.create(actor, {
    code: 'jl',
    name: '吉林省人力资源和社会保障厅12333咨询服务中心',
    shortName: '吉林省中心',
    level: 'province',
    parentId: null,
    areaCodes: [],
    workingHours: DEMO_HOURS,
  });
  for (const [name, duties] of PROVINCE_DEPARTMENTS) await centers.createDepartment(actor, province.id, { name, duties });
  for (const city of CITIES) {
    const created = await centers.create(actor, {
      code: city.code,
      name: city.name,
      shortName: city.shortName,
      level: 'city',
      parentId: province.id,
      areaCodes: [city.areaCode],
      workingHours: DEMO_HOURS,
    });
    for (const [name, duties] of CITY_DEPARTMENTS) {
      await centers.createDepartment(actor, created.id, { name: `${city.prefix}${name}`, duties });
    }
    if (city.code === 'jl-changchun') {
      const county = await centers.create(actor, {
        code: 'jl-changchun-nongan',
        name: '农安县12333咨询服务站',
        shortName: '农安',
        level: 'county',
        parentId: created.id,
        areaCodes: ['0431'],
        workingHours: DEMO_HOURS,
      });
      await centers.createDepartment(actor, county.id, { name: '农安县社会保险事业管理局', duties: '参保登记、缴费、待遇核定' });
      await centers.createDepartment(actor, county.id, { name: '农安县就业服务局', duties: '就业登记、失业保险金' });
    }
  }
}
