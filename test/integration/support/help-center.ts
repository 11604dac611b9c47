/** A small help center for search tests (plain data: the Node check of the previous engine's ranking reads it too). */

export const SOURCE = "src_help";

/** Documents of a small help center: several sections each, titles that are questions. */
export const HELP_CENTER: { id: string; title: string; sections: [string, string][] }[] = [
  {
    id: "reset",
    title: "How do I reset my board?",
    sections: [
      ["Reset button", "Press the reset button twice quickly to enter bootloader mode; the LED starts to fade."],
      ["Factory reset", "A factory reset erases the sketch and the saved Wi-Fi networks."],
    ],
  },
  {
    id: "upload",
    title: "Upload fails with no upload port",
    sections: [
      ["Choose the port", "Select the serial port in the Tools menu before you click Upload."],
      ["Drivers", "On Windows, install the USB driver when the port does not appear."],
    ],
  },
  {
    id: "refund",
    title: "Can I get a refund?",
    sections: [
      ["Refund policy", "Refunds reach your card within five working days after we receive the return."],
      ["Exam vouchers", "Certification exam vouchers are refunded only before the exam is booked."],
    ],
  },
  {
    id: "shipping",
    title: "Shipping methods and delivery times",
    sections: [
      ["Couriers", "We deliver with express couriers and standard post to most countries."],
      ["Islands", "Deliveries to islands and remote areas take longer."],
    ],
  },
  {
    id: "account",
    title: "Create an account",
    sections: [["Sign up", "To create your account, sign up with your email address or with Google."]],
  },
  {
    id: "minor",
    title: "Create an account for a minor",
    sections: [["Parents", "Children under 18 need a parent to create an account for them."]],
  },
  {
    id: "password",
    title: "I forgot my password",
    sections: [["Reset link", "Use the reset link on the sign-in page; the email arrives within minutes."]],
  },
  {
    id: "library",
    title: "Install a library in the IDE",
    sections: [
      ["Library manager", "Open the library manager, search for the library and click Install."],
      ["Zip files", "A library downloaded as a zip file is added with Sketch, Include Library, Add .ZIP Library."],
    ],
  },
];

/** Top five documents and scores of the in-memory engine before the index moved to SQLite (commit bb99a2f). */
export const PREVIOUS_ENGINE: [string, [string, number][]][] = [
  [
    "How do I create a new account?",
    [
      // biome-ignore lint/suspicious/noApproximativeNumericConstant: a recorded score, not the square root of a half
      ["account", 0.707],
      ["minor", 0.6743],
      ["shipping", 0.0318],
      ["library", 0.0307],
      ["reset", 0.0251],
    ],
  ],
  [
    "my board wont reset",
    [
      ["reset", 0.6255],
      ["password", 0.2448],
      ["refund", 0.015],
      ["shipping", 0.0093],
      ["account", 0.0093],
    ],
  ],
  [
    "upload port missing",
    [
      ["upload", 0.7257],
      ["account", 0.1255],
      ["password", 0.0786],
      ["reset", 0.0109],
      ["library", 0.0109],
    ],
  ],
  [
    "how long does delivery take to an island",
    [
      ["shipping", 0.8318],
      ["library", 0.0288],
      ["refund", 0.0252],
      ["password", 0.0252],
      ["reset", 0.0246],
    ],
  ],
  [
    "refund for exam voucher",
    [
      ["refund", 1.0029],
      ["upload", 0.0396],
      ["reset", 0.0376],
      ["minor", 0.0321],
      ["shipping", 0.0165],
    ],
  ],
  [
    "forgot password",
    [
      ["password", 0.7933],
      ["upload", 0.1592],
      ["shipping", 0.072],
      ["account", 0.0293],
      ["refund", 0.0268],
    ],
  ],
  [
    "how to add a zip library",
    [
      ["library", 0.8009],
      ["account", 0.0319],
      ["minor", 0.0223],
      ["shipping", 0.0159],
      ["upload", 0],
    ],
  ],
  [
    "Hvordan nulstiller jeg mit board?",
    [
      ["reset", 0.3054],
      ["password", 0.0633],
      ["shipping", 0.0614],
      ["refund", 0.0509],
      ["account", 0.0186],
    ],
  ],
  [
    "What is the capital of Australia?",
    [
      ["minor", 0.0328],
      ["account", 0.0237],
      ["refund", 0.004],
      ["shipping", 0],
      ["library", 0],
    ],
  ],
  [
    "resetting boards",
    [
      ["reset", 0.9643],
      ["password", 0.3315],
      ["refund", 0.029],
      ["shipping", 0.0189],
      ["library", 0.0063],
    ],
  ],
];
