/**
 * The engine's view of the organisation directory (`PeopleDirectory`), over the accounts. The
 * engine names people by username (an actor's id), so a person's `id` is their username and an
 * absence's delegate is named by username too; the accounts keep user ids.
 */
import type { AccountStore, UserRecord } from '../../engine/accounts/types.js';
import type { PeopleDirectory, Person } from '../../engine/runtime/people.js';

/** The person the engine sees for `user`; `usernameOf` names the delegate of an absence. */
async function toPerson(user: UserRecord, usernameOf: (id: string) => Promise<string | undefined>): Promise<Person> {
  const person: Person = { id: user.username, username: user.username, roles: [...user.roles], units: [...user.units], disabled: user.disabled };
  if (user.displayName !== undefined) person.displayName = user.displayName;
  if (user.absence !== undefined) {
    const delegate = await usernameOf(user.absence.delegateId);
    if (delegate !== undefined) person.absence = { ...user.absence, delegateId: delegate };
  }
  return person;
}

/** A `PeopleDirectory` reading `accounts` (pass it to `createEngine({ people })`). */
export function peopleDirectory(accounts: AccountStore): PeopleDirectory {
  const usernameOf = async (id: string) => (await accounts.getUser(id))?.username;
  return {
    async person(username) {
      const user = await accounts.findUserByUsername(username);
      return user && toPerson(user, usernameOf);
    },
    async withRole(role) {
      const holders = (await accounts.listUsersWithRole(role)).filter((user) => !user.disabled);
      return Promise.all(holders.map((user) => toPerson(user, usernameOf)));
    },
    async units() {
      return (await accounts.getDirectory()).units;
    },
    async cityRoles() {
      return (await accounts.getDirectory()).cityRoles;
    },
  };
}
