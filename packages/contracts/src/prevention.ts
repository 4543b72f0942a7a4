// The prevention service's contracts (activities, vulnerable areas, Bersinar villages, trainings).

export const PreventionRpc = {} as const;

export const PreventionEvents = {} as const;
