/**
 * Work one server at a time does for the whole database (the weekly digest, the monthly report,
 * sealed checkpoints). Where several servers share the database the store takes a lock in it for
 * the run; a SQLite file has one server, which always runs the work.
 */

/** What `runAlone` did: the work's result, or that another server was doing the same work. */
export type AloneOutcome<T> = { ran: true; value: T } | { ran: false };

/** The database's lock on singleton work. */
export interface SingletonLock {
  /** Runs `work` unless another server is running the work named `name` right now (then skips it). */
  runAlone<T>(name: string, work: () => Promise<T>): Promise<AloneOutcome<T>>;
}

/** The lock of a database with one server: the work always runs. */
export const singleServerLock: SingletonLock = {
  async runAlone(_name, work) {
    return { ran: true, value: await work() };
  },
};
