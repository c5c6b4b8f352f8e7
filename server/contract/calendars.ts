/**
 * Declarations of the shared business calendars: list, read a version, validate and publish.
 */
import { Type as T } from '@sinclair/typebox';
import { operation } from './operation.js';
import { DiagnosticShape, EpochMs, Int, LocationHeader, Obj, Opt, problem, Str } from './shapes.js';

const summaryFields = { calendarId: Str(), version: Int(), name: Str(), publishedBy: Str(), publishedAt: EpochMs(), message: Opt(Str()) };
const CalendarVersionShape = Obj({ ...summaryFields, yaml: Str({ description: 'the calendar file' }) }, { $id: 'CalendarVersion' });
const IdParam = T.Object({ id: Str({ description: 'calendar id, such as cn-mainland' }) });

const uploadBody = T.Object({
  yaml: T.String({ description: 'the calendar file' }),
  message: Opt(T.String({ maxLength: 2000, description: 'what this version changes' })),
});

/** `GET /api/calendars`. */
export const listCalendars = operation({
  method: 'get', path: '/api/calendars', id: 'listCalendars', summary: 'Shared business calendars (latest version of each, without the YAML)',
  responses: { 200: { description: 'the calendars', body: Obj({ items: T.Array(Obj(summaryFields, { $id: 'CalendarSummary' })) }, { $id: 'CalendarList' }) } },
});

/** `POST /api/calendars/validate`. */
export const validateCalendar = operation({
  method: 'post', path: '/api/calendars/validate', id: 'validateCalendar', summary: 'Diagnostics of a calendar file; nothing stored', roles: ['process-owner', 'admin'],
  body: uploadBody, bodyMode: 'json-or-yaml',
  responses: {
    200: { description: 'the diagnostics', body: Obj({ valid: T.Boolean(), diagnostics: T.Array(DiagnosticShape) }, { $id: 'CalendarValidation' }) },
    413: problem('the calendar is too large (process-too-large)'),
  },
});

/** `POST /api/calendars`. */
export const publishCalendar = operation({
  method: 'post', path: '/api/calendars', id: 'publishCalendar', roles: ['process-owner'],
  summary: 'Publish a new version of a shared calendar (422 with diagnostics when invalid); processes published afterwards use it',
  query: T.Object({ message: Opt(T.String({ maxLength: 2000, description: 'what this version changes, when the body is the YAML itself' })) }),
  body: uploadBody, bodyMode: 'json-or-yaml',
  responses: {
    201: { description: 'the version published', body: CalendarVersionShape, headers: LocationHeader },
    413: problem('the calendar is too large (process-too-large)'),
  },
});

/** `GET /api/calendars/:id`. */
export const getCalendar = operation({
  method: 'get', path: '/api/calendars/:id', id: 'getCalendar', summary: 'Latest version of a shared calendar with its YAML',
  params: IdParam,
  responses: { 200: { description: 'the calendar', body: CalendarVersionShape } },
});

/** `GET /api/calendars/:id/versions/:version`. */
export const getCalendarVersion = operation({
  method: 'get', path: '/api/calendars/:id/versions/:version', id: 'getCalendarVersion', summary: 'One version of a shared calendar with its YAML',
  params: T.Object({ id: Str({ description: 'calendar id' }), version: Str({ description: 'version number, from 1 (404 otherwise)' }) }),
  responses: { 200: { description: 'the version', body: CalendarVersionShape } },
});

/** The calendar operations, in the document's order. */
export const CALENDAR_OPERATIONS = [listCalendars, validateCalendar, publishCalendar, getCalendar, getCalendarVersion];
