"""Makes the small PDFs of the reader's error tests (run once; the outputs are committed).

    pip install pypdf==7.1.1 reportlab==5.1.0 && python3 tests/inputs/pdf/make.py
"""
import io
from pathlib import Path

from pypdf import PdfReader, PdfWriter
from reportlab.pdfgen import canvas

here = Path(__file__).parent


def page(draw):
    buf = io.BytesIO()
    c = canvas.Canvas(buf, pagesize=(300, 200), invariant=1)
    draw(c)
    c.showPage()
    c.save()
    return buf.getvalue()


# A scan: a page that is one filled shape and no text at all.
scan = page(lambda c: c.rect(20, 20, 260, 160, fill=1))
(here / "no-text-layer.pdf").write_bytes(scan)

# A document that opens only with a password.
text = page(lambda c: c.drawString(40, 100, "2024 budget"))
writer = PdfWriter(clone_from=PdfReader(io.BytesIO(text)))
writer.encrypt(user_password="secret", owner_password="owner", algorithm="RC4-128")
out = io.BytesIO()
writer.write(out)
(here / "encrypted.pdf").write_bytes(out.getvalue())
