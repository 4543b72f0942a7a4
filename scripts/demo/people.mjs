// Made-up clients: names, birth dates and addresses for the identities rehab encrypts. None is a
// real person; the sex ratio (87 % male) is illustrative.
import { iso } from './random.mjs';

const FIRST_NAMES = {
  male: [
    'Budi',
    'Agus',
    'Andi',
    'Rizky',
    'Dedi',
    'Hendra',
    'Fajar',
    'Yusuf',
    'Ahmad',
    'Bayu',
    'Dimas',
    'Eko',
    'Irfan',
    'Joko',
    'Rudi',
    'Wahyu',
  ],
  female: ['Siti', 'Rina', 'Dewi', 'Ayu', 'Putri', 'Nur', 'Lestari', 'Wulan', 'Fitri', 'Indah', 'Maya', 'Ratna'],
};
const LAST_NAMES = [
  'Santoso',
  'Saputra',
  'Pratama',
  'Wijaya',
  'Hidayat',
  'Nugroho',
  'Setiawan',
  'Kurniawan',
  'Siregar',
  'Lubis',
  'Hasibuan',
  'Simanjuntak',
  'Wulandari',
  'Rahmawati',
  'Susanti',
  'Halim',
];
const STREETS = [
  'Jl. Muara Baru',
  'Jl. Pluit Raya',
  'Jl. Kramat',
  'Jl. Cempaka',
  'Jl. Melati',
  'Jl. Anggrek',
  'Gg. Masjid',
  'Jl. Pasar Baru',
  'Jl. Mawar',
];

/** A client aged 16–48 on `admittedOn`, drawn from the item's generator `r`. */
export function person(r, admittedOn) {
  const sex = r.random() < 0.87 ? 'male' : 'female';
  const year = Number(admittedOn.slice(0, 4)) - r.int(16, 48);
  return {
    sex,
    identity: {
      fullName: `${r.pick(FIRST_NAMES[sex])} ${r.pick(LAST_NAMES)}`,
      birthDate: iso(year, r.int(1, 12), r.int(1, 28)),
      address: `${r.pick(STREETS)} No. ${r.int(1, 200)}`,
    },
  };
}
