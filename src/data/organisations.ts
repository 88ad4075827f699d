/** Organisations (data holders): who they are, how to reach them, which documents they offer. */
import { contactoptieContactvormValues, documenttypeValues, type components } from '../generated/api.js';
import { clientOf, type Db } from './database.js';
import { oneOf } from './integrity.js';

type Schemas = components['schemas'];
export type Documenttype = Schemas['Documenttype'];
export type Contactoptie = Schemas['Contactoptie'];

export const ORGANISATION_KINDS = ['gemeente', 'cak', 'rdw'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

/** In the contract's order; documenttypen come back in this order. */
export const DOCUMENTTYPEN = documenttypeValues;

export const CONTACTVORMEN = contactoptieContactvormValues;

export interface Organisation {
  oin: string;
  naam: string;
  /** Short lowercase code, the prefix of its verplichting types (e.g. `tlb`). */
  code: string;
  kind: OrganisationKind;
  documenttypen: Documenttype[];
  contactopties: Contactoptie[];
}

interface ContactoptieRow {
  contactvorm: string;
  waarde: string;
  omschrijving: string | null;
}

/** A contact option row as the contract shapes it (`omschrijving` absent when empty). */
export function toContactoptie(row: ContactoptieRow, where: string): Contactoptie {
  const contactoptie: Contactoptie = {
    contactvorm: oneOf(CONTACTVORMEN, row.contactvorm, `${where}: contactvorm`),
    waarde: row.waarde,
  };
  if (row.omschrijving !== null) contactoptie.omschrijving = row.omschrijving;
  return contactoptie;
}

const organisationInclude = {
  contactopties: { orderBy: { positie: 'asc' } },
  documenttypen: true,
} as const;

type OrganisationRow = {
  oin: string;
  naam: string;
  code: string;
  kind: string;
  contactopties: ContactoptieRow[];
  documenttypen: { documenttype: string }[];
};

function toOrganisation(row: OrganisationRow): Organisation {
  const where = `organisation ${row.oin}`;
  const offered = new Set(row.documenttypen.map((d) => oneOf(DOCUMENTTYPEN, d.documenttype, `${where}: documenttype`)));
  return {
    oin: row.oin,
    naam: row.naam,
    code: row.code,
    kind: oneOf(ORGANISATION_KINDS, row.kind, `${where}: kind`),
    documenttypen: DOCUMENTTYPEN.filter((d) => offered.has(d)),
    contactopties: row.contactopties.map((c) => toContactoptie(c, where)),
  };
}

/** The organisation with this OIN, or null when the database does not know it. */
export async function findOrganisation(database: Db, oin: string): Promise<Organisation | null> {
  return (await findOrganisationWithId(database, oin))?.organisation ?? null;
}

/**
 * The organisation with this OIN and its database id, in one read: for a write that needs the
 * id for its foreign keys and the organisation as its documents show it (the document made
 * ahead). Null when the database does not know it.
 */
export async function findOrganisationWithId(database: Db, oin: string): Promise<{ id: number; organisation: Organisation } | null> {
  const row = await clientOf(database).organisation.findUnique({ where: { oin }, include: organisationInclude });
  return row ? { id: row.id, organisation: toOrganisation(row) } : null;
}

/** The organisation with this database id (a foreign key the caller holds, so it exists). */
export async function findOrganisationById(database: Db, id: number): Promise<Organisation> {
  return toOrganisation(await clientOf(database).organisation.findUniqueOrThrow({ where: { id }, include: organisationInclude }));
}

/** Every organisation, by OIN. */
export async function listOrganisations(database: Db): Promise<Organisation[]> {
  const db = clientOf(database);
  const rows = await db.organisation.findMany({ include: organisationInclude });
  return rows.map(toOrganisation).sort((a, b) => (a.oin < b.oin ? -1 : a.oin > b.oin ? 1 : 0));
}
