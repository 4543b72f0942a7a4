import { type DynamicModule, Module } from '@nestjs/common';
import { AdmissionsHandlers } from './admissions/admissions.handlers.js';
import { AdmitClientUseCase } from './admissions/admit-client.use-case.js';
import { ClientsHandlers } from './clients/clients.handlers.js';
import { IdentityCipher } from './clients/identity-cipher.js';
import { RegisterClientUseCase } from './clients/register-client.use-case.js';
import type { RehabConfig } from './config.js';
import { FacilitiesHandlers } from './facilities/facilities.handlers.js';
import { ListFacilitiesUseCase } from './facilities/list-facilities.use-case.js';
import { RegisterFacilityUseCase } from './facilities/register-facility.use-case.js';

@Module({})
export class RehabModule {
  static forConfig(config: RehabConfig): DynamicModule {
    return {
      module: RehabModule,
      providers: [
        {
          provide: IdentityCipher,
          useValue: new IdentityCipher(
            config.IDENTITY_KEYS,
            config.IDENTITY_KEY_ID,
            Buffer.from(config.NIK_HASH_KEY, 'base64'),
          ),
        },
        RegisterFacilityUseCase,
        ListFacilitiesUseCase,
        RegisterClientUseCase,
        AdmitClientUseCase,
        FacilitiesHandlers,
        ClientsHandlers,
        AdmissionsHandlers,
      ],
    };
  }
}
