import { Injectable } from '@nestjs/common';
import { RehabRpc, type RpcInput } from '@sinergi/contracts';
import { type RpcCall, RpcRoute } from '@sinergi/runtime';
import { IssueCertificateUseCase } from './issue-certificate.use-case.js';
import { ListCertificatesUseCase } from './list-certificates.use-case.js';

@Injectable()
export class CertificatesHandlers {
  constructor(
    private readonly issueCertificate: IssueCertificateUseCase,
    private readonly listCertificates: ListCertificatesUseCase,
  ) {}

  @RpcRoute(RehabRpc.issueCertificate)
  issue(input: RpcInput<typeof RehabRpc.issueCertificate>, call: RpcCall) {
    return this.issueCertificate.execute(input, call.principal);
  }

  @RpcRoute(RehabRpc.listCertificates)
  list(input: RpcInput<typeof RehabRpc.listCertificates>, call: RpcCall) {
    return this.listCertificates.execute(input, call.principal);
  }
}
