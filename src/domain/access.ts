import type { PersonDoc, ProjectDoc } from './records.js';

/** The projects a person answers for or oversees; admins see all. */
export function inScope(person: PersonDoc | null, project: ProjectDoc): boolean {
  if (!person) return false;
  switch (person.role) {
    case 'admin':
      return true;
    case 'leader':
      return project.leader === person.userid;
    case 'department':
      return person.department !== undefined && project.department === person.department;
    case 'specialist':
      return project.specialist === person.userid;
    case 'liaison':
      return project.liaisons.includes(person.userid);
  }
}

/** May this person report and correct for the project (liaisons, its specialist, admins)? */
export function mayReport(person: PersonDoc | null, project: ProjectDoc): boolean {
  return person !== null && (person.role === 'admin' || project.liaisons.includes(person.userid) || project.specialist === person.userid);
}
