package io.strand.ingress;

import io.strand.spi.EngineReason;
import io.strand.spi.Reason;

import java.util.Arrays;

/**
 * Maps reason codes back to their enum constants with an array lookup: engine reasons plus the domain's.
 */
public final class ReasonCatalog
{
    private final Reason[] byCode;

    public ReasonCatalog(final Reason[] domainReasons)
    {
        int max = 0;
        for (final Reason r : domainReasons)
        {
            if (r.code() < Reason.FIRST_DOMAIN_CODE)
            {
                throw new IllegalArgumentException("domain reason " + r.name() + " has code " + r.code() +
                    " below " + Reason.FIRST_DOMAIN_CODE + " (reserved for the engine)");
            }
            max = Math.max(max, r.code());
        }
        byCode = new Reason[Math.max(max, Reason.FIRST_DOMAIN_CODE) + 1];
        for (final Reason r : EngineReason.values())
        {
            byCode[r.code()] = r;
        }
        for (final Reason r : domainReasons)
        {
            if (byCode[r.code()] != null)
            {
                throw new IllegalArgumentException("reason code " + r.code() + " used twice");
            }
            byCode[r.code()] = r;
        }
    }

    /**
     * @return the reason with that code, or null.
     */
    public Reason of(final int code)
    {
        return code > 0 && code < byCode.length ? byCode[code] : null;
    }

    /**
     * @return every known reason, ordered by code.
     */
    public Reason[] all()
    {
        return Arrays.stream(byCode).filter(r -> r != null).toArray(Reason[]::new);
    }
}
