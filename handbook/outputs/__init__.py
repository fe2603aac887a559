"""The registry of outputs. The plan orders them: public files first, then what lists them (the site), then internal outputs."""

from __future__ import annotations

from ..errors import HandbookError, Said
from .base import Output
from .boards import Boards
from .bring import Bring
from .cashier import Cashier
from .forms import Forms
from .guide import Guide
from .notices import Notices
from .operations import Operations
from .owner_forms import OwnerForms
from .print_ticket import PrintTicket
from .site import Site
from .training import Training

# Render order is the plan's (run.plan.render_order), declared by each output: the order here is for listing.
OUTPUTS: dict[str, Output] = {output.name: output for output in (Guide(), Boards(), Bring(), OwnerForms(), Site(), Training(), Notices(), Cashier(), Operations(), Forms(), PrintTicket())}

PER_UNIT = ("notices", "forms")  # the outputs with a file per unit: what build.py --unit makes again


def choose(names: list[str] | None) -> list[Output]:
    """Return the outputs named (all when None), in render order; raise for an unknown name."""
    if not names:
        return list(OUTPUTS.values())
    unknown = [name for name in names if name not in OUTPUTS]
    if unknown:
        raise HandbookError([Said("error.unknown_output", name=n, known=", ".join(OUTPUTS)) for n in unknown])
    return [output for name, output in OUTPUTS.items() if name in names]
