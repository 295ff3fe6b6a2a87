import { z } from 'zod';

/** The projects file of `parse --projects FILE`: names and aliases, optionally the total for sanity checks. */
export const projectsFileSchema = z.array(
  z.object({
    name: z.string().min(1),
    aliases: z.array(z.string()).default([]),
    totalInvestment: z.number().nonnegative().nullable().optional(),
  }),
);

/** One stdin line of `parse`. */
export const parseLineSchema = z.object({
  text: z.string({ message: 'missing "text" (string)' }),
  boundProject: z.string().nullable().default(null),
  date: z.iso.date({ message: '"date" must be YYYY-MM-DD' }).optional(),
});
