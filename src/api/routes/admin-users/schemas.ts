import { z } from 'zod';
import { ROLES } from '#src/accounts';
import { pageQuery, safeText } from '../auth/schemas';

export const adminUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.string(),
  status: z.string(),
  statusReason: z.string().nullable(),
  emailVerifiedAt: z.number().nullable(),
  totpEnabled: z.boolean(),
  createdAt: z.number(),
});

export const listQuery = z.object({
  status: z.enum(['pending_verification', 'active', 'suspended', 'closed']).optional(),
  role: z.enum(ROLES).optional(),
  q: safeText(100).optional(),
  ...pageQuery,
});

export const actionParams = z.object({ id: z.uuid(), action: z.enum(['approve', 'suspend', 'reactivate', 'close']) });
export const reasonBody = z.object({ reason: safeText(500) });
export const noteSchema = z.object({ id: z.string(), authorId: z.string(), note: z.string(), createdAt: z.number() });

export const auditQuery = z.object({
  action: safeText(100).optional(),
  actorId: z.uuid().optional(),
  subject: safeText(100).optional(),
  from: z.coerce.number().int().min(0).max(8.64e15).optional(),
  to: z.coerce.number().int().min(0).max(8.64e15).optional(),
  ...pageQuery,
});

export const auditRowSchema = z.object({
  id: z.number(),
  at: z.number(),
  actorId: z.string().nullable(),
  action: z.string(),
  subject: z.string().nullable(),
  data: z.unknown(),
  hash: z.string(),
});

const paise = z.number().int().min(0).max(1e13);
export const mapSchema = z.object({
  id: z.string(),
  settingId: z.string(),
  userId: z.string(),
  accountId: z.string(),
  lotMultiplier: z.number(),
  premiumOverridePaise: z.number().nullable(),
  maxTrades: z.number().nullable(),
  daySlPaise: z.number().nullable(),
  dayTargetPaise: z.number().nullable(),
  active: z.boolean(),
  createdAt: z.number(),
});
const mapFields = {
  lotMultiplier: z.number().int().min(1).max(100),
  premiumOverridePaise: paise.max(2_000_000_000).nullable().optional(),
  maxTrades: z.number().int().min(1).max(1000).nullable().optional(),
  daySlPaise: paise.nullable().optional(),
  dayTargetPaise: paise.nullable().optional(),
};
export const mapCreateBody = z.object({ settingId: z.uuid(), accountId: z.uuid(), ...mapFields });
export const mapUpdateBody = z.object({
  ...mapFields,
  lotMultiplier: mapFields.lotMultiplier.optional(),
  active: z.boolean().optional(),
});
export const overridesBody = z.object({
  halted: z.boolean().optional(),
  adminForcedPaper: z.boolean().optional(),
  reason: safeText(500),
});
