/**
 * The demo's organisation: four units and the people who work in them (agents, team leads, a
 * centre manager, front desk, retention specialists, service advisors, business units) and at
 * city level, plus a login named after each role (`agent`, `team-lead`…) in the East district
 * for a first look around. Every demo login has the same password, which the policy accepts.
 */
import { DEFAULT_SUPERVISOR_ROLES, type AccountStore, type Unit } from '../engine/accounts/types.js';
import { KNOWN_ROLES } from './auth/roles.js';
import { addUser } from './auth/users.js';

/** The password of every demo login. */
export const DEMO_PASSWORD = 'caseflow-demo-2025';

/** The demo's units, by the key the story names them with. */
export const UNITS = {
  east: { id: 'east-district', label: '城东分公司 East district' },
  west: { id: 'west-district', label: '城西分公司 West district' },
  dev: { id: 'development-zone', label: '开发区分公司 Development zone' },
  afterSales: { id: 'after-sales', label: '售后服务部 After-sales' },
} as const satisfies Record<string, Unit>;

/** A business unit of the story (the after-sales department is not one). */
export type District = 'east' | 'west' | 'dev';

/** The roles that work at city level and see every unit in the demo. */
export const DEMO_CITY_ROLES = ['cs-director', 'general-manager', 'city-reviewer', 'finance', 'quality-inspector', 'process-owner'];

/** One demo person. */
export interface DemoPerson {
  username: string;
  displayName: string;
  roles: string[];
  units: string[];
}

const DISTRICTS = [UNITS.east.id, UNITS.west.id, UNITS.dev.id];

const person = (username: string, displayName: string, roles: string[], units: string[]): DemoPerson => ({ username, displayName, roles, units });

/** The named people of the demo (the role-named logins come on top). */
export const DEMO_PEOPLE: readonly DemoPerson[] = [
  person('li.na', '李娜', ['agent'], [UNITS.east.id]),
  person('wang.wei', '王伟', ['agent'], [UNITS.east.id]),
  person('zhang.min', '张敏', ['agent'], [UNITS.west.id]),
  person('huang.tao', '黄涛', ['agent'], [UNITS.west.id]),
  person('guo.qiang', '郭强', ['agent'], [UNITS.dev.id]),
  person('ma.li', '马丽', ['agent'], [UNITS.dev.id]),
  person('tang.yu', '唐雨', ['agent'], [UNITS.afterSales.id]),
  person('zhao.lei', '赵磊', ['team-lead'], [UNITS.east.id]),
  person('xu.jing', '许静', ['team-lead'], [UNITS.west.id]),
  person('he.jun', '何军', ['team-lead'], [UNITS.dev.id]),
  person('lin.feng', '林峰', ['center-manager'], DISTRICTS),
  person('chen.xia', '陈霞', ['front-desk'], [UNITS.east.id]),
  person('liu.fang', '刘芳', ['front-desk'], [UNITS.west.id]),
  person('sun.yue', '孙悦', ['retention-specialist'], [UNITS.east.id]),
  person('gao.yan', '高燕', ['retention-specialist'], [UNITS.west.id]),
  person('li.qiang', '李强', ['service-advisor'], [UNITS.afterSales.id]),
  person('zhou.jie', '周杰', ['service-advisor'], [UNITS.afterSales.id]),
  person('zhou.min', '周敏', ['business-unit'], [UNITS.east.id]),
  person('wu.hao', '吴昊', ['business-unit'], [UNITS.west.id]),
  person('zheng.kai', '郑凯', ['business-unit'], [UNITS.dev.id]),
  person('qian.hong', '钱红', ['cs-director'], []),
  person('song.tao', '宋涛', ['general-manager'], []),
  person('feng.jie', '冯洁', ['city-reviewer'], []),
  person('han.mei', '韩梅', ['finance'], []),
  person('yu.bo', '于波', ['quality-inspector'], []),
  person('pan.yi', '潘怡', ['auditor'], []),
  person('cao.yang', '曹阳', ['process-owner'], []),
];

/** The login named after `role`: a member of the East district unless the role works at city level. */
function roleLogin(role: string): DemoPerson {
  const wide = DEMO_CITY_ROLES.includes(role) || role === 'auditor';
  const units = role === 'service-advisor' ? [UNITS.afterSales.id] : wide ? [] : [UNITS.east.id];
  return person(role, `演示账号 ${role}`, [role], units);
}

/** Every demo login: the named people, then one per known role (`admin` is left alone). */
export function demoLogins(): DemoPerson[] {
  const roles = KNOWN_ROLES.filter((role) => role !== 'admin');
  return [...DEMO_PEOPLE, ...roles.map(roleLogin)];
}

/** Adds the demo's units (keeping any others) and, when the directory had none, its city-level roles. */
export async function createDemoDirectory(accounts: AccountStore): Promise<void> {
  const directory = await accounts.getDirectory();
  const known = new Set(directory.units.map((unit) => unit.id));
  const units = [...directory.units, ...Object.values(UNITS).filter((unit) => !known.has(unit.id))];
  const fresh = directory.units.length === 0;
  await accounts.replaceDirectory({
    units,
    cityRoles: fresh ? DEMO_CITY_ROLES : directory.cityRoles,
    supervisorRoles: fresh ? [...DEFAULT_SUPERVISOR_ROLES] : directory.supervisorRoles,
  });
}

/** Creates the directory and every demo login not there yet; returns the usernames created. */
export async function createDemoPeople(accounts: AccountStore, now = Date.now()): Promise<string[]> {
  await createDemoDirectory(accounts);
  const created: string[] = [];
  for (const login of demoLogins()) {
    if (await accounts.findUserByUsername(login.username)) continue;
    await addUser(accounts, { ...login, password: DEMO_PASSWORD }, now);
    created.push(login.username);
  }
  return created;
}
