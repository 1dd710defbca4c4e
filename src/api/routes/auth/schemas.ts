import { z } from 'zod';

/** Text without NUL (PostgreSQL text cannot hold it), trimmed length bounds. */
export const safeText = (max: number, min = 1) =>
  z
    .string()
    .min(min)
    .max(max)
    .refine((s) => !s.includes('\u0000'), 'must not contain NUL');

export const uuidParam = z.object({ id: z.uuid() });

export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(500).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
};

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  displayName: z.string(),
  role: z.enum(['trader', 'ops', 'admin', 'super_admin']),
});

export const password = safeText(256, 10);

export const loginBody = z.object({
  email: z.email().max(254),
  password: safeText(256),
  /** A current TOTP code or an unused recovery code, when 2FA is on. */
  totp: safeText(32).optional(),
});

export const signupBody = z.object({
  email: z.email().max(254),
  password,
  displayName: safeText(100),
});

export const emailBody = z.object({ email: z.email().max(254) });
export const tokenBody = z.object({ token: safeText(200) });

export const problemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string().optional(),
  code: z.string().optional(),
});

export const accepted = z.object({ status: z.literal('accepted') });
