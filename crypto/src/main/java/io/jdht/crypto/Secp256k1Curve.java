package io.jdht.crypto;

import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECDomainParameters;

/** The secp256k1 curve parameters, from BouncyCastle (the JDK dropped this curve). */
final class Secp256k1Curve {
    static final X9ECParameters X9 = CustomNamedCurves.getByName("secp256k1");
    static final ECDomainParameters DOMAIN = new ECDomainParameters(X9.getCurve(), X9.getG(), X9.getN(), X9.getH());

    private Secp256k1Curve() {}
}
