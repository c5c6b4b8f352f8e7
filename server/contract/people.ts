/**
 * Declarations of the people operations: logging in and out, one's own account, users and
 * their absences, the organisation directory, API tokens and saved inbox filters.
 */
import { Type as T } from '@sinclair/typebox';
import { operation } from './operation.js';
import { Enum, EpochMs, LocationHeader, Obj, Opt, problem, Str, Strings, Text, TextMap, Instant } from './shapes.js';

const password = T.String({ maxLength: 1024, description: 'at least CASEFLOW_PASSWORD_MIN_LENGTH (12) characters, not a commonly used password, not a few characters repeated, not containing the username' });
const instant = Instant();
const units = T.Array(T.String(), { description: 'unit ids of the directory' });
const nullableText = T.Union([T.String(), T.Null()]);
const IdParam = T.Object({ id: Str() });
const NoStore = { 'Cache-Control': { schema: T.Literal('no-store'), description: 'never cached: it holds a secret' } };

const AbsenceShape = Obj(
  { from: EpochMs(), until: EpochMs(), delegateId: Str(), delegate: Opt(Str({ description: 'username of the delegate' })), reason: Opt(Str()) },
  { $id: 'Absence' },
);

/** A user as the API shows them (never a password hash or a TOTP secret). */
export const UserShape = Obj(
  {
    id: Str(), username: Str(), roles: Strings(), units: Strings(), displayName: Opt(Str()), email: Opt(Str()), absence: Opt(AbsenceShape),
    totp: T.Boolean({ description: 'logging in needs a code from an authenticator app' }), createdAt: EpochMs(), disabled: T.Boolean(),
  },
  { $id: 'User' },
);

const SessionShape = Obj({ user: UserShape, csrfToken: Str(), expiresAt: EpochMs() }, { $id: 'Session' });

const UnitShape = Obj({ id: Str({ description: 'kebab-case, permanent' }), label: Str({ description: 'bilingual, Chinese first: 东城区分公司 East district' }) }, { $id: 'Unit' });

/** The organisation directory. */
export const DirectoryShape = Obj({ units: T.Array(UnitShape), cityRoles: Strings(), supervisorRoles: Strings() }, { $id: 'Directory' });

const TokenShape = Obj(
  { id: Str(), name: Str(), userId: Str(), username: Opt(Str()), roles: Strings(), createdAt: EpochMs(), expiresAt: Opt(EpochMs()), revokedAt: Opt(EpochMs()) },
  { $id: 'Token' },
);

const tooManyAttempts = problem('too many wrong passwords (too-many-login-attempts)');

/** `POST /api/session`. */
export const login = operation({
  method: 'post', path: '/api/session', id: 'login', summary: 'Log in: sets the session cookie and returns the CSRF token', public: true,
  body: T.Object({ username: Text(200), password: Text(1024), code: Opt(Text(20, { description: 'the 6-digit code of an authenticator app, for accounts with a second factor' })) }),
  responses: {
    200: { description: 'the session', body: SessionShape, headers: { 'Set-Cookie': { schema: T.String(), description: 'the session cookie (HttpOnly, SameSite=Strict)' } } },
    401: problem('wrong username, password or code (unauthenticated), or a code is needed (totp-required)'),
    429: tooManyAttempts,
  },
});

/** `DELETE /api/session`. */
export const logout = operation({
  method: 'delete', path: '/api/session', id: 'logout', summary: 'Log out',
  responses: { 204: { description: 'logged out; the cookie is cleared' } },
});

/** `POST /api/session/password`. */
export const changePassword = operation({
  method: 'post', path: '/api/session/password', id: 'changePassword',
  summary: 'Change one\'s own password: every session ends and this browser gets a new one (422 names the broken rule)',
  body: T.Object({ current: Text(1024), next: Text(1024) }),
  responses: { 200: { description: 'the new session', body: SessionShape }, 429: tooManyAttempts },
});

/** `POST /api/session/totp`. */
export const startTotp = operation({
  method: 'post', path: '/api/session/totp', id: 'startTotp', summary: 'Start turning on a second factor: a new TOTP secret and its otpauth URI',
  responses: {
    201: {
      description: 'the secret, shown once',
      body: Obj({ secret: Str({ description: 'base32' }), uri: Str({ description: 'otpauth:// URI for an authenticator app' }), confirm: Str() }, { $id: 'TotpEnrolment' }),
      headers: NoStore,
    },
    409: problem('the second factor is already on'),
  },
});

/** `POST /api/session/totp/confirm`. */
export const confirmTotp = operation({
  method: 'post', path: '/api/session/totp/confirm', id: 'confirmTotp', summary: 'Confirm the second factor with a first code; logins then need a code',
  body: T.Object({ code: Text(20) }),
  responses: { 200: { description: 'the user, second factor on', body: UserShape }, 409: problem('already on, or not started') },
});

/** `GET /api/me`. */
export const me = operation({
  method: 'get', path: '/api/me', id: 'me', summary: 'The caller: roles, units, absence, scope, rights, the labels of roles and statuses, and (for a cookie session) its CSRF token',
  responses: {
    200: {
      description: 'the caller',
      body: Obj({
        user: Obj({ id: Str(), username: Str(), roles: Strings(), units: Strings(), displayName: Opt(Str()), email: Opt(Str()), absence: Opt(AbsenceShape), totp: T.Boolean() }),
        scope: T.Union([Obj({ all: T.Literal(true) }), Obj({ all: T.Literal(false), units: Strings() })], { description: 'the units whose cases the caller sees' }),
        delegateFor: Strings({ description: 'usernames of the people away now who named the caller their stand-in' }),
        supervisor: T.Boolean({ description: 'holds a supervisor or city-level role: manages the absences of their units\' people' }),
        via: Enum(['session', 'token']),
        csrfToken: Opt(Str()),
        clock: Enum(['manual', 'system']),
        rights: Obj({
          cases: T.Boolean({ description: 'works cases: the inbox and opening cases' }),
          processes: T.Boolean({ description: 'edits, checks and simulates process drafts' }),
          publish: T.Boolean({ description: 'publishes process versions' }),
          audit: T.Boolean({ description: 'verifies the audit trail and reads the administrative log' }),
          workload: T.Boolean({ description: 'reads the workload of the people in their units' }),
          reports: T.Boolean({ description: 'reads the dashboard, the weekly digest and the monthly report' }),
          outbox: T.Boolean({ description: 'reads the outbox' }),
          retryOutbox: T.Boolean({ description: 'sends a failed or dead outbox message again' }),
          people: T.Boolean({ description: 'opens the People page' }),
          administer: T.Boolean({ description: 'adds people and units and changes their roles' }),
        }, { $id: 'Rights', description: 'what the caller may open, read from the roles the routes behind it need' }),
        labels: Obj({
          roles: TextMap('what each known role is called, Chinese then English (班组长 Team lead)'),
          statuses: TextMap('what each case status is called (处理中 Active)'),
        }, { $id: 'ServerLabels' }),
      }, { $id: 'Me' }),
    },
  },
});

/** `GET /api/users`. */
export const listUsers = operation({
  method: 'get', path: '/api/users', id: 'listUsers', summary: 'Users the caller sees: everyone for admins, auditors and city-level roles; otherwise the people sharing a unit',
  responses: {
    200: {
      description: 'the users',
      body: Obj({ items: T.Array(UserShape), manageable: Strings({ description: 'ids of the listed people whose absence the caller may set: themselves, and everyone for admins, city-level roles and supervisors of their units' }) }, { $id: 'UserList' }),
    },
  },
});

/** `POST /api/users`. */
export const createUser = operation({
  method: 'post', path: '/api/users', id: 'createUser', summary: 'Create a user', roles: ['admin'],
  body: T.Object({
    username: T.String({ description: '1-64 letters, digits, ".", "_", "@" or "-", starting with a letter or digit' }),
    password,
    roles: T.Array(T.String()),
    units: Opt(units),
    displayName: Opt(nullableText),
    email: Opt(nullableText),
  }),
  responses: { 201: { description: 'the user', body: UserShape, headers: LocationHeader }, 409: problem('the username is taken') },
});

/** `GET /api/users/:id`. */
export const getUser = operation({
  method: 'get', path: '/api/users/:id', id: 'getUser', summary: 'One user (by id or username) the caller sees',
  params: IdParam,
  responses: { 200: { description: 'the user', body: UserShape } },
});

/** `PATCH /api/users/:id`. */
export const changeUser = operation({
  method: 'patch', path: '/api/users/:id', id: 'changeUser', roles: ['admin'],
  summary: 'Change roles, units, name, email, disable, set a new password or turn off the second factor (the last three end the user\'s sessions)',
  params: IdParam,
  body: T.Object({
    roles: Opt(T.Array(T.String())),
    units: Opt(units),
    displayName: Opt(nullableText),
    email: Opt(nullableText),
    disabled: Opt(T.Boolean()),
    password: Opt(password),
    totp: Opt(T.Boolean({ description: 'false turns off the user\'s second factor' })),
  }),
  responses: { 200: { description: 'the user', body: UserShape }, 409: problem('an administrator may not disable themselves or drop their own admin role') },
});

/** `PUT /api/users/:id/absence`. */
export const setAbsence = operation({
  method: 'put', path: '/api/users/:id/absence', id: 'setAbsence', summary: 'Mark someone away with a delegate (themselves, an admin, or a supervisor of their unit)',
  params: IdParam,
  body: T.Object({ from: Opt(instant), until: Opt(instant), delegate: Opt(T.String({ description: 'username or id of someone enabled sharing a unit' })), reason: Opt(Text(500)) }),
  responses: { 200: { description: 'the user, away', body: UserShape } },
});

/** `DELETE /api/users/:id/absence`. */
export const clearAbsence = operation({
  method: 'delete', path: '/api/users/:id/absence', id: 'clearAbsence', summary: 'Mark someone back',
  params: IdParam,
  responses: { 204: { description: 'back' } },
});

/** `GET /api/units`. */
export const getDirectory = operation({
  method: 'get', path: '/api/units', id: 'getDirectory', summary: 'The organisation directory: units, city-level roles and supervisor roles',
  responses: { 200: { description: 'the directory', body: DirectoryShape } },
});

/** `POST /api/units`. */
export const createUnit = operation({
  method: 'post', path: '/api/units', id: 'createUnit', summary: 'Add a unit', roles: ['admin'],
  body: T.Object({ id: T.String({ description: 'kebab-case id of at most 64 characters, such as east-district' }), label: T.String({ description: 'bilingual, Chinese first' }) }),
  responses: { 201: { description: 'the unit', body: UnitShape, headers: LocationHeader }, 409: problem('the id is taken') },
});

/** `PATCH /api/units/:id`. */
export const relabelUnit = operation({
  method: 'patch', path: '/api/units/:id', id: 'relabelUnit', summary: 'Relabel a unit (its id is permanent)', roles: ['admin'],
  params: IdParam,
  body: T.Object({ label: T.String() }, { additionalProperties: false }),
  responses: { 200: { description: 'the unit', body: UnitShape } },
});

/** `GET /api/org`. */
export const exportDirectory = operation({
  method: 'get', path: '/api/org', id: 'exportDirectory', summary: 'The organisation directory as YAML', roles: ['admin', 'auditor'],
  responses: {
    200: {
      description: 'the directory file', body: T.String(), mediaType: 'application/yaml',
      headers: { 'Content-Disposition': { schema: T.String(), description: 'attachment; filename="organisation.yaml"' } },
    },
  },
});

/** `PUT /api/org`. */
export const importDirectory = operation({
  method: 'put', path: '/api/org', id: 'importDirectory', roles: ['admin'],
  summary: 'Replace the whole organisation directory from YAML (or JSON): all or nothing, 422 listing every problem',
  body: T.Object({ units: T.Array(T.Object({ id: T.String(), label: T.String() })), cityRoles: Opt(Strings()), supervisorRoles: Opt(Strings()) }),
  bodyMode: 'json-or-yaml',
  responses: { 200: { description: 'the directory now', body: DirectoryShape } },
});

/** `GET /api/tokens`. */
export const listTokens = operation({
  method: 'get', path: '/api/tokens', id: 'listTokens', summary: 'List API tokens', roles: ['admin', 'auditor'],
  query: T.Object({ user: Opt(Str({ description: 'only the tokens of this user (id or username)' })) }),
  responses: { 200: { description: 'the tokens', body: Obj({ items: T.Array(TokenShape) }, { $id: 'TokenList' }) }, 404: problem('no such user') },
});

/** `POST /api/tokens`. */
export const issueToken = operation({
  method: 'post', path: '/api/tokens', id: 'issueToken', summary: 'Issue an API token (the secret is shown once)', roles: ['admin'],
  body: T.Object({
    name: Text(200), user: Text(200, { description: 'username or id' }), roles: Opt(Strings()),
    expiresIn: Opt(Text(20, { description: 'lifetime such as 30d or 12h (default CASEFLOW_TOKEN_TTL, 90d; at most 730d)' })),
  }),
  responses: {
    201: {
      description: 'the token and its secret', headers: { ...LocationHeader, ...NoStore },
      body: Obj({
        id: Str(), name: Str(), userId: Str(), username: Opt(Str()), roles: Strings(), createdAt: EpochMs(), expiresAt: Opt(EpochMs()), revokedAt: Opt(EpochMs()),
        token: Str({ description: 'the Bearer secret, shown only here' }),
      }, { $id: 'IssuedToken' }),
    },
    404: problem('no such user'),
    409: problem('the user is disabled'),
  },
});

/** `DELETE /api/tokens/:id`. */
export const revokeToken = operation({
  method: 'delete', path: '/api/tokens/:id', id: 'revokeToken', summary: 'Revoke an API token', roles: ['admin'],
  params: IdParam,
  responses: { 204: { description: 'revoked' } },
});

/** The inbox query parameters a filter may keep. */
export const FILTER_KEYS = ['view', 'process', 'state', 'status', 'overdue', 'role', 'mine', 'sort', 'assignee', 'unit', 'search'] as const;

const FilterQuery = T.Object(Object.fromEntries(FILTER_KEYS.map((key) => [key, Opt(T.String({ maxLength: 200 }))])), {
  additionalProperties: false, description: 'inbox query parameters',
});

const FilterShape = Obj(
  { id: Str(), ownerId: Str(), name: Str(), query: TextMap('inbox query parameters'), sharedUnit: Opt(Str()), sharedRole: Opt(Str()), createdAt: EpochMs() },
  { $id: 'Filter' },
);

/** `GET /api/filters`. */
export const listFilters = operation({
  method: 'get', path: '/api/filters', id: 'listFilters', summary: 'Saved inbox filters: the caller\'s and those shared with their units or roles',
  responses: { 200: { description: 'the filters', body: Obj({ items: T.Array(FilterShape) }, { $id: 'FilterList' }) } },
});

/** `POST /api/filters`. */
export const saveFilter = operation({
  method: 'post', path: '/api/filters', id: 'saveFilter', summary: 'Save the inbox query under a name, optionally shared with a unit or a role',
  body: T.Object({ name: Text(100), query: FilterQuery, sharedUnit: Opt(Text(100, { description: 'one of the caller\'s units' })), sharedRole: Opt(Text(64, { description: 'one of the caller\'s roles' })) }),
  responses: { 201: { description: 'the filter', body: FilterShape, headers: LocationHeader } },
});

/** `DELETE /api/filters/:id`. */
export const deleteFilter = operation({
  method: 'delete', path: '/api/filters/:id', id: 'deleteFilter', summary: 'Delete a saved filter (its owner or an admin)',
  params: IdParam,
  responses: { 204: { description: 'deleted' } },
});

/** The operations of people, accounts and the directory. */
export const PEOPLE_OPERATIONS = [
  login, logout, changePassword, startTotp, confirmTotp, me, listUsers, createUser, getUser, changeUser, setAbsence, clearAbsence,
  getDirectory, createUnit, relabelUnit, exportDirectory, importDirectory, listTokens, issueToken, revokeToken, listFilters, saveFilter, deleteFilter,
];

