export declare const MIGRATING_SERVICES: string[];
export declare const SERVICES: string[];
